package org.borderpolice.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The state machine of an assistance request (协查状态), without a container. */
class AssistanceRequestTest {

    static final Instant T = Instant.parse("2026-03-05T08:00:00Z");

    static AssistanceRequest sent() {
        AssistanceRequest r = new AssistanceRequest();
        r.id = UUID.randomUUID();
        r.requester = "330881";
        r.addressee = "350722";
        r.sentAt = T;
        r.dueAt = T.plusSeconds(7200);
        return r;
    }

    @Test
    void theStateBothSidesShowIsComputedFromBothParts() {
        assertEquals(AssistanceState.SENT, AssistanceState.of(RequesterState.SENT, ResponderState.PENDING));
        assertEquals(AssistanceState.ACCEPTED, AssistanceState.of(RequesterState.SENT, ResponderState.ACCEPTED));
        assertEquals(AssistanceState.DECLINED, AssistanceState.of(RequesterState.SENT, ResponderState.DECLINED));
        assertEquals(AssistanceState.ANSWERED, AssistanceState.of(RequesterState.SENT, ResponderState.ANSWERED));
        assertEquals(AssistanceState.WITHDRAWN, AssistanceState.of(RequesterState.WITHDRAWN, ResponderState.PENDING));
        assertEquals(AssistanceState.WITHDRAWN, AssistanceState.of(RequesterState.WITHDRAWN, ResponderState.ACCEPTED));
        // a final answer that crossed the withdrawal stands
        assertEquals(AssistanceState.ANSWERED, AssistanceState.of(RequesterState.WITHDRAWN, ResponderState.ANSWERED));
        assertEquals(AssistanceState.DECLINED, AssistanceState.of(RequesterState.WITHDRAWN, ResponderState.DECLINED));
    }

    @Test
    void acceptedWithAnOfficerThenAnswered() {
        AssistanceRequest r = sent();
        assertEquals(AssistanceState.SENT, r.state());
        r.accept("王建国", "350722012", "pc-officer", "城关派出所", T.plusSeconds(60));
        assertEquals(AssistanceState.ACCEPTED, r.state());
        assertEquals("王建国", r.officerName);
        assertEquals(T.plusSeconds(60), r.acceptedAt);
        // another officer takes over: still ACCEPTED, the first acceptance time stays
        r.accept("李明", null, "pc-chief", "城关派出所", T.plusSeconds(120));
        assertEquals(AssistanceState.ACCEPTED, r.state());
        assertEquals("李明", r.officerName);
        assertEquals(T.plusSeconds(60), r.acceptedAt);
        r.answer("已查明落脚点", "pc-officer", "城关派出所", T.plusSeconds(600));
        assertEquals(AssistanceState.ANSWERED, r.state());
        assertEquals(T.plusSeconds(600), r.answeredAt);
    }

    @Test
    void anAnswerNeedsAnOfficerFirst() {
        AssistanceRequest r = sent();
        assertNotNull(r.responseProblem(ResponderState.ANSWERED));
        assertThrows(IllegalStateException.class, () -> r.answer("x", "a", null, T));
        assertEquals(ResponderState.PENDING, r.responderState);
    }

    @Test
    void declinedBeforeOrAfterAcceptingButNotAfterAnswering() {
        AssistanceRequest before = sent();
        before.decline("不在本辖区", "pc", null, T.plusSeconds(5));
        assertEquals(AssistanceState.DECLINED, before.state());
        assertEquals(T.plusSeconds(5), before.declinedAt);

        AssistanceRequest after = sent();
        after.accept("王建国", null, "pc", null, T);
        assertNull(after.responseProblem(ResponderState.DECLINED));
        after.decline("无法执行", "pc", null, T);
        assertEquals(AssistanceState.DECLINED, after.state());

        AssistanceRequest answered = sent();
        answered.accept("王建国", null, "pc", null, T);
        answered.answer("结果", "pc", null, T);
        assertThrows(IllegalStateException.class, () -> answered.decline("x", "pc", null, T));
        assertThrows(IllegalStateException.class, () -> answered.accept("x", null, "pc", null, T));
        assertThrows(IllegalStateException.class, () -> answered.answer("again", "pc", null, T));
    }

    @Test
    void declinedAndAnsweredAreFinal() {
        for (ResponderState s : ResponderState.values()) {
            assertEquals(s.isFinal(), s.next().isEmpty(), s.name());
        }
        AssistanceRequest declined = sent();
        declined.decline("不在本辖区", "pc", null, T);
        assertThrows(IllegalStateException.class, () -> declined.accept("x", null, "pc", null, T));
    }

    @Test
    void theRequesterWithdrawsOnlyAnOpenRequestAndTheAddresseeThenDoesNothing() {
        AssistanceRequest r = sent();
        r.accept("王建国", null, "pc", null, T);
        r.withdraw("js", "嫌疑人已到案", T.plusSeconds(30));
        assertEquals(AssistanceState.WITHDRAWN, r.state());
        assertEquals(T.plusSeconds(30), r.withdrawnAt);
        assertNotNull(r.responseProblem(ResponderState.ANSWERED));
        assertNotNull(r.responseProblem(ResponderState.DECLINED));
        assertThrows(IllegalStateException.class, () -> r.withdraw("js", null, T));

        AssistanceRequest answered = sent();
        answered.accept("王建国", null, "pc", null, T);
        answered.answer("结果", "pc", null, T);
        assertNotNull(answered.withdrawalProblem());
        assertThrows(IllegalStateException.class, () -> answered.withdraw("js", null, T));
    }

    @Test
    void onlyOpenStatesHaveARunningDeadline() {
        assertEquals(
                java.util.EnumSet.of(AssistanceState.SENT, AssistanceState.ACCEPTED),
                java.util.EnumSet.copyOf(java.util.Arrays.stream(AssistanceState.values())
                        .filter(AssistanceState::open)
                        .toList()));
    }

    @Test
    void theRequestGoesToTheAddresseeAloneAndTheAnswerHasItsOwnRecordId() {
        AssistanceRequest r = sent();
        assertEquals("330881", r.origin());
        assertEquals(java.util.Set.of("350722"), r.sharedWith());
        assertEquals(r.id + ":350722", r.responseRecordId());
    }
}
