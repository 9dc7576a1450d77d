package org.borderpolice.mediation.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.text.PDFTextStripper;
import org.borderpolice.mediation.AgreementRules.PlannedInstalment;
import org.borderpolice.mediation.AgreementText;
import org.junit.jupiter.api.Test;

/** The printed agreement opened as a reader would: its Chinese text, its embedded font, its hash. */
class AgreementDocumentsTest {

    static AgreementText landBoundary(String terms) {
        return new AgreementText(
                "330881-2026-000012",
                "江山市公安局",
                "三山边界社会治理中心",
                List.of(
                        new AgreementText.Party("申请人", "江山市廿八都镇枫溪村村民委员会"),
                        new AgreementText.Party("被申请人", "浦城县仙阳镇渔梁村村民委员会")),
                "两村因交界处山林权属及毛竹砍伐发生纠纷。",
                terms,
                new BigDecimal("9000.00"),
                List.of(
                        new PlannedInstalment(LocalDate.of(2027, 1, 31), new BigDecimal("6000.00")),
                        new PlannedInstalment(LocalDate.of(2027, 2, 28), new BigDecimal("3000.00"))),
                List.of("王建国（江山市公安局坛石派出所）", "林秀英（浦城县司法局仙阳司法所）"),
                LocalDate.of(2026, 12, 2));
    }

    @Test
    void theChineseTextReadsBackFromThePrintedDocument() throws IOException {
        AgreementDocuments.Printed printed =
                AgreementDocuments.print(landBoundary("一、以界桩为界，界桩以东山林归枫溪村。\n二、渔梁村赔偿已砍伐毛竹损失。"));

        try (PDDocument doc = Loader.loadPDF(printed.pdf())) {
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text.contains("人民调解协议书"), text);
            assertTrue(text.contains("编号：330881-2026-000012"), text);
            assertTrue(text.contains("调解地点：三山边界社会治理中心"), text);
            assertTrue(text.contains("申请人：江山市廿八都镇枫溪村村民委员会"), text);
            assertTrue(text.contains("被申请人：浦城县仙阳镇渔梁村村民委员会"), text);
            assertTrue(text.contains("一、以界桩为界，界桩以东山林归枫溪村。"), text);
            assertTrue(text.contains("二、渔梁村赔偿已砍伐毛竹损失。"), text);
            assertTrue(text.contains("协议金额合计人民币 9000.00 元。"), text);
            assertTrue(text.contains("第1期：2027年1月31日前支付人民币 6000.00 元；"), text);
            assertTrue(text.contains("第2期：2027年2月28日前支付人民币 3000.00 元；"), text);
            assertTrue(text.contains("林秀英（浦城县司法局仙阳司法所）"), text);
            assertTrue(text.contains("2026年12月2日"), text);
            assertEquals(
                    "人民调解协议书 330881-2026-000012", doc.getDocumentInformation().getTitle());
        }
    }

    @Test
    void theFontIsEmbeddedAsASubset() throws IOException {
        AgreementDocuments.Printed printed = AgreementDocuments.print(landBoundary("双方同意。"));

        // the whole font is about 5 MB; the glyphs used are a few hundred KB at most
        assertTrue(printed.pdf().length < 400_000, printed.pdf().length + " bytes");
        try (PDDocument doc = Loader.loadPDF(printed.pdf())) {
            PDPage page = doc.getPage(0);
            List<PDFont> fonts = new ArrayList<>();
            for (var name : page.getResources().getFontNames()) {
                fonts.add(page.getResources().getFont(name));
            }
            assertEquals(1, fonts.size());
            PDType0Font font = (PDType0Font) fonts.get(0);
            assertTrue(font.isEmbedded());
            assertTrue(font.getName().matches("[A-Z]{6}\\+" + AgreementDocuments.FONT_NAME), font.getName());
            assertTrue(font.getDescendantFont().getFontDescriptor().getFontFile2() != null);
        }
    }

    @Test
    void theRecordedHashIsTheHashOfTheBytes() {
        AgreementDocuments.Printed printed = AgreementDocuments.print(landBoundary("双方同意。"));

        assertEquals(AgreementDocuments.sha256(printed.pdf()), printed.sha256());
        assertTrue(printed.sha256().matches("[0-9a-f]{64}"));
        assertNotEquals(
                printed.sha256(),
                AgreementDocuments.print(landBoundary("双方不同意。")).sha256());
    }

    @Test
    void longTermsWrapAndRunOntoFurtherPages() throws IOException {
        String clause = "渔梁村于每年清明前组织村民对交界处山林进行联合巡护，发现越界砍伐的，由两村调解委员会共同处理。";
        String terms = String.join("\n", Collections.nCopies(60, clause));

        AgreementDocuments.Printed printed = AgreementDocuments.print(landBoundary(terms));

        try (PDDocument doc = Loader.loadPDF(printed.pdf())) {
            assertTrue(doc.getNumberOfPages() >= 3, doc.getNumberOfPages() + " pages");
            String text = new PDFTextStripper().getText(doc).replaceAll("\\R", "");
            // every clause is there, none cut off at a line or page end
            assertEquals(60, text.split("由两村调解委员会共同处理。", -1).length - 1);
        }
    }

    @Test
    void aCharacterTheFontLacksPrintsAsASquare() throws IOException {
        AgreementDocuments.Printed printed = AgreementDocuments.print(landBoundary("赔偿\uD83D\uDE00到位。\t完毕"));

        try (PDDocument doc = Loader.loadPDF(printed.pdf())) {
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text.contains("赔偿" + AgreementDocuments.MISSING + "到位。"), text);
        }
    }
}
