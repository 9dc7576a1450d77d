-- open requests between a requester and an addressee are counted before each new one (at most
-- 50 per case and 1,000 in all, AssistanceRules): only the open ones are indexed
CREATE INDEX assistance_request_open_pair ON assistance_request (requester, addressee, case_id)
    WHERE state IN ('SENT', 'ACCEPTED');
