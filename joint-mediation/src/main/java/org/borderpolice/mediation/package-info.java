/**
 * joint-mediation (联调): border disputes (矛盾纠纷) mediated jointly by the jurisdictions their parties
 * live in. The entities and value types, with the rules that need no container (status machine,
 * 三调对接 triage, parties); {@code rest}, {@code service}, {@code repository}, {@code mapping} and
 * {@code config} beside them.
 */
package org.borderpolice.mediation;
