/** Between case-exchange's entities and the border.cases.v1 messages partners exchange. */
package org.borderpolice.cases.mapping;
