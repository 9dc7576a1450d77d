/** joint-mediation's rules applied: what users do, and what partners' records change here. */
package org.borderpolice.mediation.service;
