/** Settings of case-exchange ({@code border.cases.*}). */
package org.borderpolice.cases.config;
