/** REST resources of joint-mediation and their request and response types. */
package org.borderpolice.mediation.rest;
