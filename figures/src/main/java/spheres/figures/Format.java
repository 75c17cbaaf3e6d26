package spheres.figures;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The file formats of a figure; a chart's file name ends in its format's name. The slices are pixels: PNG in every format. */
public enum Format {
    PNG, SVG, PDF;

    /** The names, in lower case, as options and file extensions spell them. */
    public static final List<String> NAMES = Arrays.stream(values()).map(Format::extension).toList();

    public String extension() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format of this name ({@code png}, {@code svg}, {@code pdf}), as {@code plot --format} takes it. */
    public static Format parse(String name) {
        int i = NAMES.indexOf(name);
        if (i < 0) throw new IllegalArgumentException("--format " + name + ": accepted: " + String.join(", ", NAMES));
        return values()[i];
    }
}
