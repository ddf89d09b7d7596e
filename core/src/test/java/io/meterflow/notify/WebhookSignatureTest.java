package io.meterflow.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    /** The test vector the Standard Webhooks specification and its reference libraries publish. */
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330L;
    private static final String BODY = "{\"test\": 2432232314}";
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void signsThePublishedTestVector() {
        assertThat(WebhookSignature.of(SECRET).sign(ID, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
    }

    @Test
    void verifiesAmongSeveralSignaturesAndRejectsATamperedBody() {
        WebhookSignature s = WebhookSignature.of(SECRET);
        assertThat(s.verify(ID, TIMESTAMP, BODY, "v1,bm90IGl0 " + SIGNATURE)).isTrue();
        assertThat(s.verify(ID, TIMESTAMP, BODY + " ", SIGNATURE)).isFalse();
        assertThat(s.verify(ID, TIMESTAMP + 1, BODY, SIGNATURE)).isFalse();
        assertThat(s.verify(ID, TIMESTAMP, BODY, "v1,not base64!")).isFalse();
    }

    @Test
    void badSecretsAreRefusedWithoutShowingThem() {
        assertThatThrownBy(() -> WebhookSignature.of("hunter2hunter2hunter2hunter2")).hasMessageContaining("whsec_")
                .hasMessageNotContaining("hunter2");
        assertThat(WebhookSignature.secretProblem("whsec_%%%")).contains("base64");
        assertThat(WebhookSignature.secretProblem("whsec_c2hvcnQ=")).contains("got 5");
    }
}
