package org.borderpolice.mediation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * What the printed agreement (人民调解协议书) says, in the words the parties sign: the service
 * fills it from the dispute and the agreement, the document prints it as it is.
 *
 * @param number the dispute's number (编号), or its id where it has none
 * @param jurisdiction the name of the jurisdiction whose record the agreement is (e.g. 江山市公安局)
 * @param place where it was mediated (e.g. 三山边界社会治理中心)
 * @param parties the parties as printed: role and name (申请人 张三)
 * @param facts the dispute in brief (纠纷简要情况)
 * @param terms what the parties agreed (协议内容), paragraphs separated by line breaks
 * @param totalAmount the sum owed under the agreement, yuan
 * @param instalments when and how much (履行方式、时限)
 * @param mediators the mediators who sign as such
 * @param agreedOn the date printed on the agreement
 */
public record AgreementText(
        String number,
        String jurisdiction,
        String place,
        List<Party> parties,
        String facts,
        String terms,
        BigDecimal totalAmount,
        List<AgreementRules.PlannedInstalment> instalments,
        List<String> mediators,
        LocalDate agreedOn) {

    /** A party as printed: its role (申请人, 被申请人, 第三人) and name. */
    public record Party(String role, String name) {}
}
