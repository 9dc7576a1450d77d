/**
 * The rules applied in transactions: REST, gRPC and the inbox's appliers call these; the
 * printed agreement (人民调解协议书) is made here too.
 */
package org.borderpolice.mediation.service;
