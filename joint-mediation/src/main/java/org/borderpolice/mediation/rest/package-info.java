/** REST of joint-mediation: {@code /api/v1/disputes} (矛盾纠纷). */
package org.borderpolice.mediation.rest;
