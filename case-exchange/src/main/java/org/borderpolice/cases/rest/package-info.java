/** REST API of joint cases (/api/v1/cases): resources and their request and response types. */
package org.borderpolice.cases.rest;
