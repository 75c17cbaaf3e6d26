package spheres.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import spheres.engine.io.AtomicFiles;

/**
 * The one visual style of every spheres figure (XChart, headless): white background, readable fonts, a legend
 * inside the plot, and files written atomically so a figure is never half-written. Figure classes build their
 * charts with {@link #xy} and save them with {@link #save} as PNG, SVG or PDF (XChart's vector encoders).
 */
public final class Charts {
    private Charts() {}

    /** Colours for series, in order: readable on white and distinct in grey scale. */
    public static final Color[] SERIES = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0x17becf), new Color(0x7f7f7f)
    };

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** An XY chart in the house style. */
    public static XYChart xy(int width, int height, String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setSeriesColors(SERIES);
        chart.getStyler().setMarkerSize(6);
        return chart;
    }

    /** The shared look: fonts, background, legend, grid. */
    public static void style(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(true);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setAntiAlias(true);
        if (s instanceof org.knowm.xchart.style.AxesChartStyler) {
            org.knowm.xchart.style.AxesChartStyler a = (org.knowm.xchart.style.AxesChartStyler) s;
            a.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            a.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            a.setPlotGridLinesColor(new Color(0xe0e0e0));
            a.setPlotGridLinesStroke(new BasicStroke(1f));
        }
    }

    /**
     * A number as a paper prints it, the same way in every legend and title: three significant digits, plain between
     * 0.001 and 10^5 ({@code 0.01}, {@code 0.5}, {@code 250}), else {@code 1e-5}, {@code 2.5e20} (never Java's {@code 1.0E-5}).
     */
    public static String number(double v) {
        double a = Math.abs(v);
        if (v == 0 || !Double.isFinite(v)) return v == 0 ? "0" : Double.toString(v);
        if (a >= 1e-3 && a < 1e5) return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
        String[] me = String.format(Locale.ROOT, "%.2e", v).split("e");
        String mantissa = me[0].replaceAll("\\.?0+$", "");
        return mantissa + "e" + Integer.parseInt(me[1]);
    }

    /** A linear axis of fractions in [0, 1], labelled 0, 0.05, 0.1 (XChart's default writes ".05"). */
    public static void fractionAxis(XYChart chart) {
        chart.getStyler().setYAxisDecimalPattern("0.##");
    }

    /** Writes the chart at {@code target} in the {@link Format} its extension names (.png, .svg, .pdf), atomically. */
    public static void save(Chart<?, ?> chart, Path target) throws IOException {
        String name = target.getFileName().toString(), ext = name.substring(name.lastIndexOf('.') + 1);
        switch (ext) {
            case "png" -> savePng(BitmapEncoder.getBufferedImage(chart), target);
            case "svg" -> AtomicFiles.write(target, out -> VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsFormat.SVG));
            case "pdf" -> AtomicFiles.write(target, out -> VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsFormat.PDF));
            default -> throw new IllegalArgumentException(target + ": accepted: " + String.join(", ", Format.NAMES));
        }
    }

    /** Writes an image drawn by hand (e.g. the slice figure) as a PNG, atomically. */
    public static void savePng(java.awt.image.BufferedImage image, Path target) throws IOException {
        AtomicFiles.write(target, out -> {
            if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer in this JDK");
        });
    }
}
