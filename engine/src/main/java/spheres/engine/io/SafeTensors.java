package spheres.engine.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file (the format of Hugging Face's {@code safetensors}, which PyTorch users load with
 * {@code safetensors.torch.load_file}): named tensors plus string metadata.
 *
 * <p>Layout: an 8-byte little-endian header length N, N bytes of JSON
 * {@code {"__metadata__": {..}, "name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ..}} padded
 * with spaces to a multiple of 8 (as the reference writer does), then the tensors' little-endian bytes, back to back.
 * We write {@code __metadata__} first (with each tensor's CRC32C, see {@link #CHECKSUM}) and the tensors in map order; reading returns them in
 * data order. The reader checks what the reference reader checks: header length within the file, valid JSON,
 * known dtypes, offsets contiguous from 0 to the end of the file, and each tensor's byte count against its shape.
 */
public final class SafeTensors {
    /** The reference implementation's cap on the header size. */
    static final long MAX_HEADER = 100_000_000;
    private static final String METADATA = "__metadata__";
    /**
     * Metadata key prefix of each tensor's CRC32C (8 hex digits), written for every tensor and checked on reading
     * where present (files from other writers have none), so a flipped bit is a one-line refusal, not a wrong number.
     * The keys are the format's: {@link #metadata()} never shows them.
     */
    static final String CHECKSUM = "crc32c:";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final String source;
    private final Map<String, HostArray> tensors;
    private final Map<String, String> metadata;

    /** Tensors in the order they will be written, and metadata (may be empty). Both maps are copied. */
    public SafeTensors(Map<String, HostArray> tensors, Map<String, String> metadata) {
        this("safetensors", tensors, metadata);
        for (String name : tensors.keySet())
            if (name.isEmpty() || name.equals(METADATA))
                throw new IllegalArgumentException("tensor name '" + name + "': must be non-empty and not " + METADATA);
    }

    private SafeTensors(String source, Map<String, HostArray> tensors, Map<String, String> metadata) {
        this.source = source;
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** The tensors, in file order. */
    public Map<String, HostArray> tensors() {
        return tensors;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** The tensor named {@code name}, or e.g. {@code model.safetensors: no tensor named 'x'; found: a, b}. */
    public HostArray tensor(String name) throws FormatException {
        HostArray t = tensors.get(name);
        if (t == null)
            throw new FormatException(source + ": no tensor named '" + name + "'; found: " + String.join(", ", tensors.keySet()));
        return t;
    }

    /** {@link #tensor(String)} checked with {@link HostArray#expect}; -1 in {@code shape} matches any size. */
    public HostArray tensor(String name, DType dtype, long... shape) throws FormatException {
        return tensor(name).expect(source + ": tensor '" + name + "'", dtype, shape);
    }

    /** Writes atomically (see {@link AtomicFiles}). */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, this::writeTo);
    }

    private void writeTo(OutputStream out) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        ObjectNode m = header.putObject(METADATA);
        metadata.forEach(m::put);
        tensors.forEach((name, t) -> m.put(CHECKSUM + name, String.format("%08x", t.crc32c())));
        long offset = 0;
        for (Map.Entry<String, HostArray> e : tensors.entrySet()) {
            HostArray t = e.getValue();
            ObjectNode info = header.putObject(e.getKey());
            info.put("dtype", t.dtype().name());
            ArrayNode shape = info.putArray("shape");
            for (long d : t.shape()) shape.add(d);
            info.putArray("data_offsets").add(offset).add(offset + t.byteSize());
            offset += t.byteSize();
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        byte[] head = new byte[8 + padded];
        ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
        System.arraycopy(json, 0, head, 8, json.length);
        Arrays.fill(head, 8 + json.length, head.length, (byte) ' ');
        out.write(head);
        for (HostArray t : tensors.values()) t.writeData(out);
    }

    /**
     * Whether the file starts as a safetensors file does: a header length within the file, then a JSON object. A cheap
     * test that tells a model from another file (an .npy) before any reading.
     */
    public static boolean looksLike(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(9);
            if (head.length < 9) return false;
            long n = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            return n >= 2 && n <= Files.size(file) - 8 && head[8] == '{';
        } catch (IOException e) {
            return false;
        }
    }

    public static SafeTensors read(Path file) throws IOException {
        String src = file.toString();
        long fileSize = Files.size(file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] lenBytes = in.readNBytes(8);
            if (lenBytes.length < 8)
                throw new FormatException(src + ": not a safetensors file: " + fileSize + " bytes, too short for the 8-byte header length");
            long n = ByteBuffer.wrap(lenBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n < 0 || n > fileSize - 8)
                throw new FormatException(src + ": header length " + Long.toUnsignedString(n) + " is larger than the file ("
                        + fileSize + " bytes); not a safetensors file, or truncated");
            if (n > MAX_HEADER)
                throw new FormatException(src + ": header length " + n + "; accepted: at most " + MAX_HEADER);
            byte[] headerBytes = in.readNBytes((int) n);
            if (headerBytes.length < n) throw new FormatException(src + ": truncated while reading the header");
            List<Entry> entries = new ArrayList<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            parseHeader(src, headerBytes, entries, metadata);

            long dataSize = fileSize - 8 - n;
            entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end)); // empty tensors first
            long expected = 0;
            for (Entry e : entries) {
                String what = src + ": tensor '" + e.name + "'";
                if (e.begin != expected)
                    throw new FormatException(what + " has data_offsets [" + e.begin + ", " + e.end + "]; expected to begin at "
                            + expected + " (tensors must be back to back from 0)");
                long want = HostArray.product(e.shape) < 0 ? -1 : HostArray.product(e.shape) * e.dtype.byteSize();
                if (e.end - e.begin != want)
                    throw new FormatException(what + " has data_offsets [" + e.begin + ", " + e.end + "] (" + (e.end - e.begin)
                            + " bytes); shape " + Arrays.toString(e.shape) + " of " + e.dtype + " needs " + want + " bytes");
                expected = e.end;
            }
            if (expected != dataSize)
                throw new FormatException(src + ": truncated or padded: header says " + expected + " bytes of tensor data, file holds "
                        + dataSize);

            Map<String, HostArray> tensors = new LinkedHashMap<>();
            for (Entry e : entries) {
                HostArray.checkedSize(src + ": tensor '" + e.name + "'", e.shape);
                HostArray t = HostArray.zeros(e.dtype, e.shape);
                if (t.readData(in) != t.byteSize())
                    throw new FormatException(src + ": truncated while reading tensor '" + e.name + "' (did the file change?)");
                tensors.put(e.name, t);
                String sum = metadata.remove(CHECKSUM + e.name);
                if (sum != null && !sum.equals(String.format("%08x", t.crc32c())))
                    throw new FormatException(src + ": tensor '" + e.name + "' does not match its checksum (crc32c " + sum
                            + "): the file is damaged; use another copy or an earlier checkpoint");
            }
            metadata.keySet().removeIf(k -> k.startsWith(CHECKSUM));
            return new SafeTensors(src, tensors, metadata);
        }
    }

    private record Entry(String name, DType dtype, long[] shape, long begin, long end) {}

    private static void parseHeader(String src, byte[] bytes, List<Entry> entries, Map<String, String> metadata)
            throws FormatException {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new FormatException(src + ": header is not valid JSON: " + oneLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new FormatException(src + ": header is not valid JSON: " + oneLine(e.getMessage()));
        }
        if (root == null || !root.isObject())
            throw new FormatException(src + ": header is " + (root == null ? "empty" : root.getNodeType()) + "; accepted: a JSON object");
        for (Map.Entry<String, JsonNode> f : root.properties()) {
            String name = f.getKey();
            JsonNode v = f.getValue();
            if (name.equals(METADATA)) {
                if (!v.isObject()) throw new FormatException(src + ": " + METADATA + " is " + v + "; accepted: an object of strings");
                for (Map.Entry<String, JsonNode> kv : v.properties()) {
                    if (!kv.getValue().isTextual())
                        throw new FormatException(src + ": " + METADATA + " value for '" + kv.getKey() + "' is " + kv.getValue()
                                + "; accepted: strings");
                    metadata.put(kv.getKey(), kv.getValue().textValue());
                }
                continue;
            }
            String what = src + ": tensor '" + name + "'";
            if (!v.isObject()) throw new FormatException(what + " is " + v + "; accepted: {\"dtype\", \"shape\", \"data_offsets\"}");
            JsonNode dt = v.get("dtype");
            if (dt == null || !dt.isTextual()) throw new FormatException(what + " has dtype " + dt + "; accepted: " + DType.acceptedNames());
            DType dtype = DType.ofSafeTensorsName(dt.textValue());
            if (dtype == null)
                throw new FormatException(what + " has dtype " + dt.textValue() + "; accepted: " + DType.acceptedNames());
            long[] shape = longs(what, "shape", v.get("shape"), -1);
            long[] offsets = longs(what, "data_offsets", v.get("data_offsets"), 2);
            if (offsets[1] < offsets[0])
                throw new FormatException(what + " has data_offsets " + Arrays.toString(offsets) + "; accepted: [begin, end] with begin <= end");
            entries.add(new Entry(name, dtype, shape, offsets[0], offsets[1]));
        }
    }

    /** A JSON array of non-negative integers, of length {@code length} unless that is -1. */
    private static long[] longs(String what, String key, JsonNode node, int length) throws FormatException {
        String accepted = length < 0 ? "an array of integers >= 0" : "an array of " + length + " integers >= 0";
        if (node == null || !node.isArray() || (length >= 0 && node.size() != length))
            throw new FormatException(what + " has " + key + " " + node + "; accepted: " + accepted);
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode x = node.get(i);
            if (!x.isIntegralNumber() || !x.canConvertToLong() || x.longValue() < 0)
                throw new FormatException(what + " has " + key + " " + node + "; accepted: " + accepted);
            out[i] = x.longValue();
        }
        return out;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    @Override
    public String toString() {
        return source + ": " + tensors;
    }
}
