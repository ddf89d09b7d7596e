package io.meterflow.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Which client properties are secret, and redacted views of property maps and URLs. */
public final class Secrets {
    private static final String[] SECRET_WORDS = {
        "password", "secret", "sasl.jaas.config", "ssl.key", "token", "credential", "sslkey", "sslpassword"
    };
    private static final Pattern URL_SECRET =
            Pattern.compile("(?i)((?:password|sslpassword|secret|token)=)[^&;]*");
    private static final Pattern URL_USERINFO = Pattern.compile("(//[^/@:]*:)[^/@]*@");

    private Secrets() {}

    /** True for names containing password, secret, sasl.jaas.config, ssl.key, token or credential. */
    public static boolean isSecret(String propertyName) {
        String n = propertyName.toLowerCase(Locale.ROOT);
        for (String w : SECRET_WORDS) {
            if (n.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /** A copy with secret values replaced by {@value Secret#MASK}. */
    public static Map<String, String> redact(Map<String, String> properties) {
        Map<String, String> r = new LinkedHashMap<>();
        properties.forEach((k, v) -> r.put(k, isSecret(k) ? Secret.MASK : v));
        return r;
    }

    /** A JDBC URL with {@code password=} parameters and user-info passwords masked. */
    public static String redactUrl(String url) {
        if (url == null) {
            return null;
        }
        String r = URL_SECRET.matcher(url).replaceAll("$1" + Secret.MASK);
        return URL_USERINFO.matcher(r).replaceAll("$1" + Secret.MASK + "@");
    }
}
