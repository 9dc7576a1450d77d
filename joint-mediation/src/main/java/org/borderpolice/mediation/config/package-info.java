/** Settings of joint-mediation ({@code border.mediation.*}). */
package org.borderpolice.mediation.config;
