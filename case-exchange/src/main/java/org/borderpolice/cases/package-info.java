/**
 * case-exchange (联打): joint cases shared between neighbouring jurisdictions. The entities and
 * value types, with the rules of a case that need no container (status machine, case numbers,
 * amounts, subjects); {@code rest}, {@code service}, {@code repository}, {@code mapping} and
 * {@code config} beside them.
 */
package org.borderpolice.cases;
