package io.tickcast.app.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Jackson for the API: non-finite numbers (no estimate yet) are written as {@code null}. */
final class ApiJson {

  static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new SimpleModule("tickcast-api")
      .addSerializer(Double.class, new FiniteOrNull())
      .addSerializer(double.class, new FiniteOrNull()));

  private ApiJson() {}

  static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  private static final class FiniteOrNull extends JsonSerializer<Double> {
    @Override
    public void serialize(Double v, JsonGenerator gen, SerializerProvider p) throws IOException {
      if (v == null || !Double.isFinite(v)) {
        gen.writeNull();
      } else {
        gen.writeNumber(v);
      }
    }
  }
}
