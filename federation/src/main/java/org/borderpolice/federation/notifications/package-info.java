/**
 * Live notifications: what needs a user of this jurisdiction (a partner's alert to acknowledge, an
 * assistance request to take on, a deadline within the hour, a mediation session tomorrow). A
 * service writes one with {@link org.borderpolice.federation.notifications.Notifications} in the
 * transaction of what happened, addressed to users of this jurisdiction with some roles or to one
 * user; the user reads them as Server-Sent Events ({@code GET /api/v1/notifications/stream},
 * resumable with {@code Last-Event-ID}) or as a list ({@code GET /api/v1/notifications}), only
 * those addressed to them (the rule in the SQL). Table {@code federation.notification} (V35).
 */
package org.borderpolice.federation.notifications;
