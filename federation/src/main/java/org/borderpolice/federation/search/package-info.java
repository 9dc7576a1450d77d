/**
 * Chinese full-text search: segmentation with the dictionary, and merging the GIN pending lists
 * off the request path. Not here: which fields of a record are searched (the service's queries).
 */
package org.borderpolice.federation.search;
