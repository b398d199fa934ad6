package io.fulcrum.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.avro.RollbackCommand;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommandSignerTest {
  private static final String SECRET = "a-shared-secret-of-some-length";
  private final CommandSigner signer = CommandSigner.of("k1", SECRET);

  private static RollbackCommand command() {
    return RollbackCommand.newBuilder()
        .setCommandId("3f2a-cmd")
        .setIncidentId("be_web@2026-03-14T09:02:00Z")
        .setPool("be_web")
        .setFromVersion("v42")
        .setToVersion("v41")
        .setReason("web-1 got 99% of traffic")
        .setIssuedAt(Instant.parse("2026-03-14T09:02:22Z"))
        .setDryRun(false)
        .setKeyId("k1")
        .setSignature("")
        .build();
  }

  @Test
  void aSignedCommandVerifies() {
    RollbackCommand signed = signer.sign(command());

    assertThat(signed.getSignature()).isNotEmpty();
    assertThat(signed.getKeyId()).isEqualTo("k1");
    assertThat(signer.verify(signed)).isEqualTo(new CommandSigner.Verdict(true, "ok"));
  }

  @Test
  void signingLeavesTheInputUntouchedAndIsDeterministic() {
    RollbackCommand in = command();
    RollbackCommand a = signer.sign(in);

    assertThat(in.getSignature()).isEmpty();
    assertThat(signer.sign(command())).isEqualTo(a);
  }

  @Test
  void aSignedCommandStillVerifiesAfterTheAvroWireRoundTrip() throws Exception {
    RollbackCommand signed =
        signer.sign(
            RollbackCommand.newBuilder(command())
                .setIssuedAt(Instant.parse("2026-03-14T09:02:22.123456789Z"))
                .build());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<>(RollbackCommand.class).write(signed, enc);
    enc.flush();
    RollbackCommand decoded =
        new SpecificDatumReader<>(RollbackCommand.class)
            .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));

    assertThat(signer.verify(decoded).ok()).isTrue();
  }

  static Stream<Arguments> tamperings() {
    return Stream.<Map.Entry<String, UnaryOperator<RollbackCommand.Builder>>>of(
            Map.entry("commandId", b -> b.setCommandId("other")),
            Map.entry("incidentId", b -> b.setIncidentId("be_web@2026-03-14T09:03:00Z")),
            Map.entry("pool", b -> b.setPool("be_api")),
            Map.entry("fromVersion", b -> b.setFromVersion("v43")),
            Map.entry("toVersion", b -> b.setToVersion("v40")),
            Map.entry("reason", b -> b.setReason("web-1 got 98% of traffic")),
            Map.entry("issuedAt", b -> b.setIssuedAt(Instant.parse("2026-03-14T09:02:23Z"))),
            Map.entry("dryRun", b -> b.setDryRun(true)))
        .map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tamperings")
  void changingAnySignedFieldFailsVerification(
      String field, UnaryOperator<RollbackCommand.Builder> change) {
    RollbackCommand signed = signer.sign(command());
    RollbackCommand tampered = change.apply(RollbackCommand.newBuilder(signed)).build();

    CommandSigner.Verdict v = signer.verify(tampered);

    assertThat(v.ok()).as(field).isFalse();
    assertThat(v.reason()).contains("failed signature check");
  }

  @Test
  void relabellingToAnotherKnownKeyFailsVerification() {
    CommandSigner two =
        new CommandSigner(
            "k1",
            Map.of(
                "k1",
                SECRET.getBytes(StandardCharsets.UTF_8),
                "k2",
                "another-secret-0123456789".getBytes(StandardCharsets.UTF_8)));
    RollbackCommand relabelled =
        RollbackCommand.newBuilder(two.sign(command())).setKeyId("k2").build();

    assertThat(two.verify(relabelled).ok()).isFalse();
  }

  @Test
  void anUnknownKeyIdIsRejectedWithAClearReason() {
    RollbackCommand signed = CommandSigner.of("k9", SECRET).sign(command());

    CommandSigner.Verdict v = signer.verify(signed);

    assertThat(v.ok()).isFalse();
    assertThat(v.reason()).isEqualTo("command 3f2a-cmd is signed with unknown keyId 'k9'");
  }

  @Test
  void aMissingOrMalformedSignatureIsRejected() {
    assertThat(signer.verify(command()).reason()).isEqualTo("command 3f2a-cmd has no signature");
    RollbackCommand garbage =
        RollbackCommand.newBuilder(command()).setSignature("not base64!").build();
    assertThat(signer.verify(garbage).reason()).contains("not Base64");
    assertThat(signer.verify(null).ok()).isFalse();
  }

  @Test
  void theSameKeyIdWithAnotherSecretFailsVerification() {
    RollbackCommand forged = CommandSigner.of("k1", "guessed-secret-0123456789").sign(command());

    assertThat(signer.verify(forged).ok()).isFalse();
  }

  @Test
  void aVerifierWithSeveralKeysAcceptsEachDuringRotation() {
    CommandSigner oldKey = CommandSigner.of("k1", SECRET);
    CommandSigner newKey = CommandSigner.of("k2", "the-new-secret-0123456789");
    CommandSigner verifier =
        new CommandSigner(
            null,
            Map.of(
                "k1",
                SECRET.getBytes(StandardCharsets.UTF_8),
                "k2",
                "the-new-secret-0123456789".getBytes(StandardCharsets.UTF_8)));

    assertThat(verifier.verify(oldKey.sign(command())).ok()).isTrue();
    assertThat(verifier.verify(newKey.sign(command())).ok()).isTrue();
    assertThatThrownBy(() -> verifier.sign(command())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theCanonicalFormIsUnambiguousWhenValuesShiftBetweenFields() {
    RollbackCommand a =
        RollbackCommand.newBuilder(command())
            .setFromVersion("v4")
            .setToVersion("2\ntoVersion=v41")
            .build();
    RollbackCommand b =
        RollbackCommand.newBuilder(command()).setFromVersion("v42").setToVersion("v41").build();

    assertThat(CommandSigner.canonical(a)).isNotEqualTo(CommandSigner.canonical(b));
    assertThat(new String(CommandSigner.canonical(b), StandardCharsets.UTF_8))
        .startsWith("fulcrum-rollback-command/v1\ncommandId=8:3f2a-cmd\n")
        .contains("\nissuedAt=13:1773478942000\n", "\ndryRun=5:false\n", "\nkeyId=2:k1\n");
  }

  @Test
  void theSignerNeedsASecretForItsSigningKey() {
    assertThatThrownBy(() -> new CommandSigner("k1", Map.of("k2", new byte[] {1})))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(CommandSigner.of("k1", SECRET).toString()).doesNotContain(SECRET);
  }
}
