/**
 * The rules and transactions of joint cases: filing, editing, status changes, invitations,
 * answers and timeline notes, each replicated in the transaction that makes it; and the inbox's
 * appliers of partners' cases, answers, timeline entries and notes.
 */
package org.borderpolice.cases.service;
