package com.surveyrelay.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.local.LocalS3;
import com.surveyrelay.survey.E164;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A respondent's rows in campaign files (GDPR articles 15 and 17): found after E.164 normalisation, redacted in place
 * in a finished campaign with every other byte kept, left alone in an unfinished one.
 */
class CampaignRespondentRowsTest {

    private static final String BUCKET = "campaign-rows";
    private static final E164 ERASED = new E164("+15550100555");
    private static final Instant AT = Instant.parse("2026-12-04T09:00:00Z");

    private static LocalS3 s3;
    private static S3Client client;
    private static CampaignStore store;
    private static CampaignRespondentRows rows;

    @BeforeAll
    static void bucket() throws Exception {
        s3 = LocalS3.inMemory();
        client = s3.client();
        client.createBucket(create -> create.bucket(BUCKET));
        store = new CampaignStore(client, settings());
        rows = new CampaignRespondentRows(store);
    }

    private static SurveyRelayProperties settings() {
        return new SurveyRelayProperties(URI.create("https://relay.example.com"), List.of(), BUCKET, BUCKET, "bus",
                "us-east-1", null, null, null, null, 0, null, null);
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        s3.close();
    }

    /** A campaign kept as the runner leaves it: its file, its results, its status, and a marker while unfinished. */
    private static void campaign(String id, String file, String results, String state) {
        put(id, "campaign.csv", file.getBytes(StandardCharsets.UTF_8));
        put(id, "results.csv", results.getBytes(StandardCharsets.UTF_8));
        CampaignStatus status = new CampaignStatus(id, id + ".csv", state, null, 3, 1, 1, 1, 0, 0, BigDecimal.ONE, 0,
                AT, AT, CampaignStatus.FINISHED.equals(state) ? AT : null, AT, store.resultsUri(id));
        assertThat(store.createStatus(status)).isTrue();
        if (!CampaignStatus.FINISHED.equals(state)) {
            store.enqueue(id);
        }
    }

    private static void put(String id, String name, byte[] content) {
        client.putObject(put -> put.bucket(BUCKET).key("campaigns/" + id + "/" + name), RequestBody.fromBytes(content));
    }

    private static String read(String id, String name) {
        return client.getObjectAsBytes(get -> get.bucket(BUCKET).key("campaigns/" + id + "/" + name)).asUtf8String();
    }

    private static String results(RowResult... results) {
        StringBuilder csv = new StringBuilder(CampaignCsv.header());
        for (RowResult result : results) {
            csv.append(CampaignCsv.record(result));
        }
        return csv.toString();
    }

    private static RowResult started(int row, String phone, String sessionId) {
        return new RowResult(row, phone, "sms", "en-US", null, RowResult.Outcome.STARTED, null, null, sessionId);
    }

    @Test
    void accessFindsTheRowsNamingTheNumberInBothFilesWhateverItsSeparators() {
        String id = "access-0123456789ab";
        campaign(id, "phone,channel,language\n+15550100444,sms,en-US\n\"+1 (555) 010-0555\",voice,\n", results(
                started(2, "+15550100444", "s-1"), started(3, "+1 (555) 010-0555", "s-2")), CampaignStatus.FINISHED);

        CampaignRespondentRows.CampaignRows found = rows.find(ERASED).stream()
                .filter(campaign -> campaign.campaignId().equals(id)).findFirst().orElseThrow();

        assertThat(found.finished()).isTrue();
        assertThat(found.fileHeader()).containsExactly("phone", "channel", "language");
        assertThat(found.fileRows()).containsExactly(new CampaignRespondentRows.NamingRow(3,
                List.of("+1 (555) 010-0555", "voice", ""), null));
        assertThat(found.resultRows()).containsExactly(new CampaignRespondentRows.NamingRow(3,
                List.of("3", "+1 (555) 010-0555", "sms", "en-US", "", "started", "", "", "s-2", ""), null));
        assertThat(rows.find(new E164("+15550100999"))).noneMatch(campaign -> campaign.campaignId().equals(id));
    }

    @Test
    void erasureRedactsTheRowInBothFilesAndLeavesEveryOtherByteAsItWas() {
        String id = "erasure-0123456789ab";
        // A BOM, CRLF, a blank line, quoted cells with commas, doubled quotes and a line break: all kept as they were.
        String file = "\uFEFFPhone,Channel,Language,surveyId\r\n"
                + "\"+15550100444\",\"sms\",\"en-US\",\"q,\"\"a\"\"\"\r\n"
                + "\r\n"
                + " +1 555 0100 555 ,voice,,\r\n"
                + "+15550100333,\"sm\r\ns\",,\r\n"
                + "+15550100555,sms,es-MX,\"with, comma\"\r\n";
        String results = results(started(2, "+15550100444", "s-1"),
                new RowResult(4, "+1 555 0100 555", "voice", null, null, RowResult.Outcome.FAILED, "invalid_channel",
                        "The channel \"voice, maybe\" is\nnot one.", null),
                new RowResult(5, "+15550100333", null, null, null, RowResult.Outcome.FAILED, "malformed_row",
                        "A quote is never closed.", null),
                new RowResult(7, "+15550100555", "sms", "es-MX", "with, comma", RowResult.Outcome.SKIPPED,
                        "duplicate_row", "The same survey to the same number as row 4.", null));
        campaign(id, file, results, CampaignStatus.FINISHED);

        List<String> written = rows.redact(id, ERASED).orElseThrow();

        assertThat(written).containsExactly("campaigns/" + id + "/results.csv", "campaigns/" + id + "/campaign.csv");
        assertThat(read(id, "campaign.csv")).isEqualTo("\uFEFFPhone,Channel,Language,surveyId\r\n"
                + "\"+15550100444\",\"sms\",\"en-US\",\"q,\"\"a\"\"\"\r\n"
                + "\r\n"
                + "erased,,,\r\n"
                + "+15550100333,\"sm\r\ns\",,\r\n"
                + "erased,,,\r\n");
        assertThat(read(id, "results.csv")).isEqualTo(CampaignCsv.header()
                + CampaignCsv.record(started(2, "+15550100444", "s-1"))
                + "4,,,,,failed,respondent_erased,Erased on the respondent's request (GDPR article 17).,,\r\n"
                + CampaignCsv.record(new RowResult(5, "+15550100333", null, null, null, RowResult.Outcome.FAILED,
                        "malformed_row", "A quote is never closed.", null))
                + "7,,,,,skipped,respondent_erased,Erased on the respondent's request (GDPR article 17).,,\r\n");
        // Read back as the runner reads them: the same rows, numbers and outcomes; the erased ones hold no number.
        CampaignCsv.CampaignFile reread = CampaignCsv.read(read(id, "campaign.csv").getBytes(StandardCharsets.UTF_8),
                100);
        assertThat(reread.rows()).extracting(CampaignRow::row).containsExactly(2, 4, 5, 6, 7);
        assertThat(reread.rows().get(1).verdict().reason()).isEqualTo("invalid_phone");
        Map<Integer, RowResult> outcomes = CampaignCsv.readResults(read(id, "results.csv")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(outcomes.get(4).outcome()).isEqualTo(RowResult.Outcome.FAILED);
        assertThat(outcomes.get(4).phone()).isNull();
        assertThat(outcomes.get(7).outcome()).isEqualTo(RowResult.Outcome.SKIPPED);
        assertThat(outcomes.get(2)).isEqualTo(started(2, "+15550100444", "s-1"));
        assertThat(rows.find(ERASED)).noneMatch(campaign -> campaign.campaignId().equals(id));
    }

    /**
     * A number written with fullwidth digits or a zero-width space was refused by the campaign (invalid_phone) and
     * kept, as written, in both files, where access and erasure did not find it.
     */
    @Test
    void aNumberWrittenWithFullwidthDigitsOrInvisibleCharactersIsFoundAndRedacted() {
        String id = "lookalike-0123456789ab";
        String fullwidth = "\uFF0B\uFF11\uFF15\uFF15\uFF15\uFF10\uFF11\uFF10\uFF10\uFF15\uFF15\uFF15";
        String zeroWidth = "+1555\u200B0100555";
        campaign(id, "phone,channel\n" + fullwidth + ",sms\n" + zeroWidth + ",voice\n+15550100444,sms\n",
                results(new RowResult(2, fullwidth, "sms", null, null, RowResult.Outcome.FAILED, "invalid_phone",
                        "The phone is not a number.", null), new RowResult(3, zeroWidth, "voice", null, null,
                        RowResult.Outcome.FAILED, "invalid_phone", "The phone is not a number.", null),
                        started(4, "+15550100444", "s-1")), CampaignStatus.FINISHED);

        assertThat(rows.find(ERASED)).filteredOn(campaign -> campaign.campaignId().equals(id)).singleElement()
                .satisfies(campaign -> {
                    assertThat(campaign.fileRows()).extracting(CampaignRespondentRows.NamingRow::row)
                            .containsExactly(2, 3);
                    assertThat(campaign.resultRows()).extracting(CampaignRespondentRows.NamingRow::row)
                            .containsExactly(2, 3);
                });
        assertThat(rows.redact(id, ERASED).orElseThrow()).hasSize(2);

        assertThat(read(id, "campaign.csv")).doesNotContain(fullwidth).doesNotContain(zeroWidth)
                .contains("+15550100444,sms");
        assertThat(read(id, "results.csv")).doesNotContain(fullwidth).doesNotContain(zeroWidth)
                .contains("+15550100444");
    }

    /**
     * The number with its country code but without its "+" (as Excel writes a phone column not formatted as Text) was
     * refused by the campaign (invalid_phone) and kept as written in both files, where access and erasure did not find
     * it (probe C51). A number without its country code, or another number's digits, is still not found.
     */
    @Test
    void aNumberThatLostItsPlusIsFoundAndRedacted() {
        String id = "no-plus-0123456789ab";
        campaign(id, "phone,channel\n15550100555,sms\n1 (555) 010-0555,voice\n5550100555,sms\n15550100444,sms\n",
                results(new RowResult(2, "15550100555", "sms", null, null, RowResult.Outcome.FAILED, "invalid_phone",
                        "The phone has no + and country code.", null)), CampaignStatus.FINISHED);

        assertThat(rows.find(ERASED)).filteredOn(campaign -> campaign.campaignId().equals(id)).singleElement()
                .satisfies(campaign -> {
                    assertThat(campaign.fileRows()).extracting(CampaignRespondentRows.NamingRow::row)
                            .containsExactly(2, 3);
                    assertThat(campaign.resultRows()).extracting(CampaignRespondentRows.NamingRow::row)
                            .containsExactly(2);
                });
        assertThat(rows.redact(id, ERASED).orElseThrow()).hasSize(2);

        assertThat(read(id, "campaign.csv")).doesNotContain("15550100555").doesNotContain("1 (555) 010-0555")
                .contains("5550100555,sms").contains("15550100444,sms");
        assertThat(read(id, "results.csv")).doesNotContain("15550100555");
    }

    /**
     * A number written with an international call prefix for its "+" (00, as most of Europe dials; 011, as North
     * America does) or as a {@code tel:} URI, refused by the campaign and kept as written: until 2026-12-07 access
     * and erasure did not find it, and the erasure answered 200 with the number left in both files (a compliance
     * officer's probe). Another number after the same prefix is not found.
     */
    @Test
    void aNumberWrittenWithAnInternationalPrefixOrAsATelUriIsFoundAndRedacted() {
        String id = "prefix-0123456789ab";
        campaign(id, "phone,channel\n0015550100555,sms\n00 1 555 010 0555,voice\n011 1 555 010 0555,sms\n"
                + "tel:+15550100555,sms\n0015550100444,sms\n005550100555,sms\n",
                results(new RowResult(2, "0015550100555", "sms", null, null, RowResult.Outcome.FAILED,
                        "invalid_phone", "The phone starts with an international call prefix.", null)),
                CampaignStatus.FINISHED);

        assertThat(rows.find(ERASED)).filteredOn(campaign -> campaign.campaignId().equals(id)).singleElement()
                .satisfies(campaign -> {
                    assertThat(campaign.fileRows()).extracting(CampaignRespondentRows.NamingRow::row)
                            .containsExactly(2, 3, 4, 5);
                    assertThat(campaign.resultRows()).extracting(CampaignRespondentRows.NamingRow::row)
                            .containsExactly(2);
                });
        assertThat(rows.redact(id, ERASED).orElseThrow()).as("the files written").hasSize(2);

        assertThat(read(id, "campaign.csv")).doesNotContain("0015550100555,").doesNotContain("00 1 555 010 0555")
                .doesNotContain("011 1 555").doesNotContain("tel:").contains("0015550100444,sms")
                .contains("005550100555,sms");
        assertThat(read(id, "results.csv")).doesNotContain("0015550100555");
    }

    /**
     * A number copied from a contacts app with direction marks around it, or with a note after it, is found and
     * redacted: an erasure answered {@code campaignFiles: []} with it in both files (a hostile client's probe).
     */
    @Test
    void aNumberWithDirectionMarksOrANoteIsFoundAndRedacted() {
        String id = "marks-0123456789ab";
        campaign(id, "phone,channel\n\u202A+15550100555\u202C,sms\n\u200E+15550100555,sms\n"
                + "+1 555 010 0555 (cell),sms\n+15550100555 ext. 3,voice\n+15550100555x12,sms\n"
                + "+15550100556 (cell),sms\n",
                results(new RowResult(2, "\u202A+15550100555\u202C", "sms", null, null, RowResult.Outcome.FAILED,
                        "invalid_phone", "The phone is not a number in E.164 form.", null)),
                CampaignStatus.FINISHED);

        foundInRowsTwoToSixAndRedacted(id, "+15550100556 (cell),sms");
    }

    /**
     * The erased number is found in rows 2 to 6 of {@code id}'s campaign.csv and row 2 of its results.csv, and
     * redacted from both; {@code kept}, another number's row, stays.
     */
    private void foundInRowsTwoToSixAndRedacted(String id, String kept) {
        assertThat(rows.find(ERASED)).filteredOn(campaign -> campaign.campaignId().equals(id)).singleElement()
                .satisfies(campaign -> {
                    assertThat(campaign.fileRows()).extracting(CampaignRespondentRows.NamingRow::row)
                            .containsExactly(2, 3, 4, 5, 6);
                    assertThat(campaign.resultRows()).extracting(CampaignRespondentRows.NamingRow::row)
                            .containsExactly(2);
                });
        rows.redact(id, ERASED).orElseThrow();
        assertThat(read(id, "campaign.csv")).doesNotContain("0100555").contains(kept);
        assertThat(read(id, "results.csv")).doesNotContain("0100555");
    }

    /**
     * The number among other words in its cell, or with a NUL after it, was missed by erasure and access, answered
     * {@code campaignFiles: []} with it in both files (a hostile client's probe, 2026-12-08); another number beside
     * it is not the erased one.
     */
    @Test
    void aNumberAmongOtherWordsOrWithAControlCharacterIsFoundAndRedacted() {
        String id = "words-0123456789ab";
        campaign(id, "phone,channel\n+15550100555 mobile,sms\n\"+15550100554, +15550100555\",sms\n"
                + "+1 555 010 0555 / home,sms\nmobile: +15550100555,sms\n+15550100555\u0000,sms\n"
                + "+15550100556 mobile,sms\n",
                results(new RowResult(2, "+15550100555 mobile", "sms", null, null, RowResult.Outcome.FAILED,
                        "invalid_phone", "The phone is not a number in E.164 form.", null)),
                CampaignStatus.FINISHED);

        foundInRowsTwoToSixAndRedacted(id, "+15550100556 mobile,sms");
    }

    /**
     * Only digits and the characters that hide between them count: a superscript or circled number, or the
     * invisible separator between two numbers, is not read as the erased number's digits.
     */
    @Test
    void aLookalikeOfAnotherNumberIsNotFound() {
        String id = "not-alike-0123456789ab";
        // Read loosely (NFKC, every format character dropped), each of these would be +15550100555.
        campaign(id, "phone,channel\n+155501005\u2075\u2075,sms\n+1555010\u2463\u2464\u2464,sms\n"
                + "+15550100\u2063555,sms\n", results(), CampaignStatus.FINISHED);

        assertThat(rows.find(ERASED)).noneMatch(campaign -> campaign.campaignId().equals(id));
    }

    @Test
    void aSecondErasureWritesNothing() {
        String id = "again-0123456789ab";
        campaign(id, "phone,channel\n+15550100555,sms\n", results(started(2, "+15550100555", "s-1")),
                CampaignStatus.FINISHED);
        assertThat(rows.redact(id, ERASED).orElseThrow()).hasSize(2);
        String etag = store.taggedFile(id, "results.csv").orElseThrow().etag();

        assertThat(rows.redact(id, ERASED).orElseThrow()).isEmpty();

        assertThat(store.taggedFile(id, "results.csv").orElseThrow().etag()).as("not written again").isEqualTo(etag);
    }

    @Test
    void anUnfinishedCampaignIsFoundButNotRedacted() {
        String id = "running-0123456789ab";
        String file = "phone,channel\n+15550100555,sms\n+15550100444,sms\n";
        String results = results(started(2, "+15550100555", "s-1"));
        campaign(id, file, results, CampaignStatus.RUNNING);

        assertThat(rows.find(ERASED)).filteredOn(campaign -> campaign.campaignId().equals(id)).singleElement()
                .satisfies(campaign -> assertThat(campaign.finished()).isFalse());
        assertThat(rows.redact(id, ERASED)).as("not finished: nothing written").isEmpty();

        assertThat(read(id, "campaign.csv")).isEqualTo(file);
        assertThat(read(id, "results.csv")).isEqualTo(results);
    }

    /**
     * A status that is not JSON any more (a hand edit, a truncated upload) no longer answers every access and erasure
     * with a 500: the queue marker alone decides whether a run will write the files again.
     */
    @Test
    void aCampaignWhoseStatusIsNotJsonIsDecidedByItsQueueMarker() {
        String done = "broken-done-0123456789ab";
        String queued = "broken-queued-0123456789ab";
        for (String id : List.of(done, queued)) {
            put(id, "campaign.csv", "phone,channel\n+15550100555,sms\n".getBytes(StandardCharsets.UTF_8));
            put(id, "status.json", "{\"state\": ".getBytes(StandardCharsets.UTF_8));
        }
        client.putObject(put -> put.bucket(BUCKET).key("campaign-queue/" + queued), RequestBody.empty());
        try {
            assertThat(rows.find(ERASED)).filteredOn(campaign -> campaign.campaignId().startsWith("broken-"))
                    .extracting(CampaignRespondentRows.CampaignRows::campaignId,
                            CampaignRespondentRows.CampaignRows::finished)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(done, true),
                            org.assertj.core.groups.Tuple.tuple(queued, false));
            assertThat(rows.redact(done, ERASED).orElseThrow()).containsExactly("campaigns/" + done + "/campaign.csv");
            assertThat(rows.redact(queued, ERASED)).isEmpty();
            assertThat(read(queued, "campaign.csv")).isEqualTo("phone,channel\n+15550100555,sms\n");
        } finally {
            client.deleteObject(delete -> delete.bucket(BUCKET).key("campaign-queue/" + queued));
        }
    }

    /** A results row not in this service's shape keeps its row number only. */
    @Test
    void aResultsRowOfAnotherShapeKeepsItsRowNumber() {
        String results = CampaignCsv.header() + "7,+15550100555,sms,started\r\n";

        String redacted = new String(CampaignRespondentRows.redacted(results.getBytes(StandardCharsets.UTF_8), ERASED,
                false).orElseThrow(), StandardCharsets.UTF_8);

        assertThat(redacted).isEqualTo(CampaignCsv.header()
                + "7,,,,,,respondent_erased,Erased on the respondent's request (GDPR article 17).,,\r\n");
    }

    /**
     * A results file written before the timeZone column (nine columns, as every campaign stored before 2026-12-05 has)
     * is redacted at its own width, its outcome kept: not taken for a row of another shape, its outcome lost.
     */
    @Test
    void aResultsFileWrittenBeforeTheTimeZoneColumnKeepsItsWidthAndOutcome() {
        String header = "row,phone,channel,language,surveyId,outcome,reason,detail,sessionId\r\n";
        String results = header + "2,+15550139290,sms,en-US,,started,,,s-1\r\n"
                + "3,+15550139291,sms,,,failed,x,y,\r\n";

        String redacted = new String(CampaignRespondentRows.redacted(results.getBytes(StandardCharsets.UTF_8),
                new E164("+15550139290"), false).orElseThrow(), StandardCharsets.UTF_8);

        assertThat(redacted).isEqualTo(header
                + "2,,,,,started,respondent_erased,Erased on the respondent's request (GDPR article 17).,\r\n"
                + "3,+15550139291,sms,,,failed,x,y,\r\n");
        assertThat(CampaignCsv.readResults(redacted.getBytes(StandardCharsets.UTF_8)).get(2).outcome())
                .isEqualTo(RowResult.Outcome.STARTED);
    }

    /** Two erasures in one file at once: the second's write meets the first's (412), reads again and keeps both. */
    @Test
    void aFileChangedUnderTheWriteIsReadAgainAndNoRowIsLost() {
        String id = "race-0123456789ab";
        campaign(id, "phone,channel\n+15550100555,sms\n+15550100444,sms\n+15550100333,sms\n",
                results(started(2, "+15550100555", "s-1")), CampaignStatus.FINISHED);
        CampaignStore racing = new CampaignStore(client, settings()) {
            private boolean raced;

            @Override
            boolean replaceFile(String campaignId, String name, byte[] content, String etag) {
                if (!raced && name.equals("campaign.csv")) {
                    raced = true;
                    rows.redact(campaignId, new E164("+15550100444"));
                }
                return super.replaceFile(campaignId, name, content, etag);
            }
        };

        List<String> written = new CampaignRespondentRows(racing).redact(id, ERASED).orElseThrow();

        assertThat(written).contains("campaigns/" + id + "/campaign.csv");
        assertThat(read(id, "campaign.csv")).isEqualTo("phone,channel\nerased,\nerased,\n+15550100333,sms\n");
    }
}
