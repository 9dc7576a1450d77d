package org.borderpolice.mediation.service;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.borderpolice.mediation.AgreementRules;
import org.borderpolice.mediation.AgreementText;

/**
 * Prints an agreement (人民调解协议书) as a PDF with the Chinese glyphs it uses embedded (a subset
 * of WenQuanYi Micro Hei, shipped in the module's resources under its Apache-2.0 licence), so
 * that it prints the same on any machine and in any reader. Plain code, no container.
 */
public final class AgreementDocuments {

    /** The font, in the module's resources with its licence beside it (fonts/wqy-microhei-COPYRIGHT.txt). */
    static final String FONT_RESOURCE = "/fonts/wqy-microhei.ttc";

    static final String FONT_NAME = "WenQuanYiMicroHei";

    private static final float MARGIN = 56;
    private static final float TITLE_SIZE = 20;
    private static final float TEXT_SIZE = 11.5f;
    private static final float LEADING = 1.6f;

    /** Printed for a character the font has no glyph for. */
    static final String MISSING = "□";

    private static volatile byte[] fontBytes;

    private AgreementDocuments() {}

    /** A printed agreement: the PDF and the hex SHA-256 of exactly these bytes. */
    public record Printed(byte[] pdf, String sha256) {}

    public static Printed print(AgreementText text) {
        try (PDDocument doc = new PDDocument();
                TrueTypeCollection fonts = new TrueTypeCollection(new ByteArrayInputStream(font()))) {
            TrueTypeFont ttf = fonts.getFontByName(FONT_NAME);
            if (ttf == null) {
                throw new IllegalStateException(FONT_RESOURCE + " has no font " + FONT_NAME);
            }
            // embedSubset: only the glyphs the agreement uses go into the document
            PDType0Font font = PDType0Font.load(doc, ttf, true);
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle("人民调解协议书 " + text.number());
            info.setProducer("joint-mediation 联调");
            Writer w = new Writer(doc, font);
            w.centred("人民调解协议书", TITLE_SIZE);
            w.gap(0.5f);
            w.paragraph("编号：" + text.number());
            w.paragraph("调解机构：" + text.jurisdiction() + "　联合调解组");
            w.paragraph("调解地点：" + nonBlank(text.place()));
            w.gap(0.5f);
            w.heading("当事人");
            for (AgreementText.Party p : text.parties()) {
                w.paragraph(p.role() + "：" + p.name());
            }
            w.gap(0.5f);
            w.heading("纠纷简要情况");
            w.paragraph(nonBlank(text.facts()));
            w.gap(0.5f);
            w.heading("经调解，当事人自愿达成如下协议");
            for (String line : nonBlank(text.terms()).split("\\R")) {
                if (!line.isBlank()) {
                    w.paragraph(line.strip());
                }
            }
            w.gap(0.5f);
            w.heading("履行方式、时限");
            w.paragraph("协议金额合计人民币 " + yuan(text.totalAmount()) + " 元。");
            List<AgreementRules.PlannedInstalment> instalments = text.instalments();
            if (instalments.isEmpty()) {
                w.paragraph("于协议生效时一次性履行。");
            } else {
                for (int i = 0; i < instalments.size(); i++) {
                    AgreementRules.PlannedInstalment p = instalments.get(i);
                    w.paragraph("第" + (i + 1) + "期：" + date(p.dueOn()) + "前支付人民币 " + yuan(p.amount()) + " 元；");
                }
            }
            w.gap(0.5f);
            w.paragraph("本协议自各方当事人签名（盖章、按手印）之日起生效。当事人可自协议生效之日起三十日内共同向人民法院申请司法确认。");
            w.gap(1);
            w.heading("当事人签名");
            for (AgreementText.Party p : text.parties()) {
                w.paragraph(p.role() + " " + p.name() + "：＿＿＿＿＿＿＿＿　日期：＿＿＿＿＿＿");
            }
            w.gap(0.5f);
            w.heading("调解员签名");
            for (String m : text.mediators()) {
                w.paragraph(m + "：＿＿＿＿＿＿＿＿");
            }
            w.gap(0.5f);
            w.paragraph(date(text.agreedOn()));
            w.close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            byte[] pdf = out.toByteArray();
            return new Printed(pdf, sha256(pdf));
        } catch (IOException e) {
            throw new UncheckedIOException("printing agreement " + text.number(), e);
        }
    }

    /** The hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String yuan(BigDecimal amount) {
        return (amount == null ? BigDecimal.ZERO : amount).setScale(2).toPlainString();
    }

    static String date(LocalDate d) {
        return d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日";
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? "（无）" : s;
    }

    private static byte[] font() throws IOException {
        byte[] bytes = fontBytes;
        if (bytes == null) {
            try (InputStream in = AgreementDocuments.class.getResourceAsStream(FONT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(FONT_RESOURCE + " is missing from the class path");
                }
                bytes = in.readAllBytes();
            }
            fontBytes = bytes;
        }
        return bytes;
    }

    /** Lines of text down A4 pages, wrapped by the glyphs' widths (Chinese breaks between any two characters). */
    private static final class Writer {
        private final PDDocument doc;
        private final PDType0Font font;
        private final float width;
        private PDPageContentStream stream;
        private float y;

        Writer(PDDocument doc, PDType0Font font) throws IOException {
            this.doc = doc;
            this.font = font;
            this.width = PDRectangle.A4.getWidth() - 2 * MARGIN;
            newPage();
        }

        void centred(String text, float size) throws IOException {
            float w = font.getStringWidth(text) / 1000 * size;
            line(text, size, MARGIN + (width - w) / 2);
        }

        void heading(String text) throws IOException {
            line(text + "：", TEXT_SIZE + 0.5f, MARGIN);
        }

        void paragraph(String text) throws IOException {
            for (String l : wrap(text, TEXT_SIZE)) {
                line(l, TEXT_SIZE, MARGIN + TEXT_SIZE);
            }
        }

        void gap(float lines) {
            y -= lines * TEXT_SIZE * LEADING;
        }

        void close() throws IOException {
            stream.close();
        }

        private List<String> wrap(String text, float size) throws IOException {
            List<String> lines = new ArrayList<>();
            float room = width - size;
            StringBuilder current = new StringBuilder();
            float used = 0;
            for (int i = 0; i < text.length(); ) {
                int cp = text.codePointAt(i);
                String ch = printable(cp);
                float w = font.getStringWidth(ch) / 1000 * size;
                if (used + w > room && !current.isEmpty()) {
                    lines.add(current.toString());
                    current.setLength(0);
                    used = 0;
                }
                current.append(ch);
                used += w;
                i += Character.charCount(cp);
            }
            if (!current.isEmpty()) {
                lines.add(current.toString());
            }
            return lines;
        }

        /** The character, or a white square where the font has no glyph for it (a rare character, an emoji). */
        private String printable(int cp) throws IOException {
            String ch = Character.isISOControl(cp) ? " " : new String(Character.toChars(cp));
            try {
                font.encode(ch);
                return ch;
            } catch (IllegalArgumentException e) {
                return MISSING;
            }
        }

        private void line(String text, float size, float x) throws IOException {
            if (y - size * LEADING < MARGIN) {
                stream.close();
                newPage();
            }
            y -= size * LEADING;
            stream.beginText();
            stream.setFont(font, size);
            stream.newLineAtOffset(x, y);
            stream.showText(text);
            stream.endText();
        }

        private void newPage() throws IOException {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            stream = new PDPageContentStream(doc, page);
            y = PDRectangle.A4.getHeight() - MARGIN;
        }
    }
}
