-- A notification may name one user and roles together: the user reads it only while holding any
-- of the roles (an assigned officer's notification carries a request's details, which only the
-- roles that read assistance requests may see). Roles alone and a user alone stay as before.
ALTER TABLE notification DROP CONSTRAINT notification_recipient;
ALTER TABLE notification ADD CONSTRAINT notification_recipient CHECK (roles IS NOT NULL OR subject IS NOT NULL);
