/** joint-mediation's REST API: disputes, mediators, teams, sessions, agreements. */
package org.borderpolice.mediation.rest;
