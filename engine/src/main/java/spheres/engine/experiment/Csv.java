package spheres.engine.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import spheres.engine.io.AtomicFiles;
import spheres.engine.io.FormatException;

/** A CSV file with a header row, as the results write it and read it back: its cells by column name. */
public record Csv(Path file, List<String> header, List<String[]> cells) {
    /** Writes {@code text} (header and rows, each ending in a newline) whole. */
    public static void write(Path file, CharSequence text) throws IOException {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, o -> o.write(bytes));
    }

    /** The column names of the first line; none for an empty file. */
    public static List<String> header(Path file) throws IOException {
        List<String> lines = lines(file);
        return lines.isEmpty() ? List.of() : List.of(lines.get(0).split(",", -1));
    }

    /** The lines of a text file; one line naming it when it is not UTF-8 text (a damaged or binary file). */
    public static List<String> lines(Path file) throws IOException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new FormatException(file + ": not UTF-8 text (damaged, or not the CSV a spheres run writes)");
        }
    }

    /** Reads the whole file; a short last line (a log cut by a killed run) is left out. */
    public static Csv read(Path file) throws IOException {
        List<String> lines = lines(file);
        if (lines.isEmpty()) throw new FormatException(file + ": empty; expected a header row");
        List<String> header = List.of(lines.get(0).split(",", -1));
        List<String[]> cells = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            String[] f = lines.get(i).split(",", -1);
            if (f.length < header.size() && i == lines.size() - 1) break;
            if (f.length != header.size())
                throw new FormatException(file + ": line " + (i + 1) + " has " + f.length + " fields; the header has " + header.size());
            cells.add(f);
        }
        return new Csv(file, header, cells);
    }

    public int rows() {
        return cells.size();
    }

    public String get(int row, String column) throws FormatException {
        int c = header.indexOf(column);
        if (c < 0) throw new FormatException(file + ": no column '" + column + "'");
        return cells.get(row)[c];
    }

    public double number(int row, String column) throws FormatException {
        String v = get(row, column);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new FormatException(file + ": row " + (row + 1) + ", column '" + column + "': '" + v + "' is not a number");
        }
    }

    public double numberOrNaN(int row, String column) throws FormatException {
        return get(row, column).isEmpty() ? Double.NaN : number(row, column);
    }
}
