package spheres.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import spheres.engine.geometry.PlaneSlice;

/**
 * The paper's slice figure: panels side by side, each a plane through the origin with the region the model calls
 * inner shaded, the data circles r = 1 and r = R in black and the ideal boundary r = (1 + R) / 2 in red. Drawn with
 * Java2D (one pixel per grid point) in the fonts and colours of {@link Charts}.
 */
public final class SliceFigure {
    private SliceFigure() {}

    /** One panel: a slice, its title, and points to mark in it ({@code {u, v}}: coordinates along e1 and e2). */
    public record Panel(String title, PlaneSlice slice, List<double[]> marks) {
        public Panel(String title, PlaneSlice slice) {
            this(title, slice, List.of());
        }
    }

    static final Color INNER = new Color(0xc6dbef), OUTER = Color.WHITE, IDEAL = Charts.SERIES[1], MARK = Charts.SERIES[3];
    private static final int LEFT = 60, RIGHT = 20, TOP = 40, BOTTOM = 50, LEGEND = 34;

    /** Draws the panels (all of one resolution) and writes the PNG atomically. */
    public static void save(List<Panel> panels, double radius, Path png) throws IOException {
        Charts.savePng(draw(panels, radius), png);
    }

    static BufferedImage draw(List<Panel> panels, double radius) {
        int res = panels.get(0).slice().resolution();
        int panelW = LEFT + res + RIGHT, height = TOP + res + BOTTOM + LEGEND;
        BufferedImage img = new BufferedImage(panelW * panels.size(), height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        for (int p = 0; p < panels.size(); p++) {
            if (panels.get(p).slice().resolution() != res) throw new IllegalArgumentException("slice panels of different resolutions");
            panel(g, img, p * panelW, panels.get(p), radius);
        }
        legend(g, img.getWidth(), height - LEGEND / 2, radius, panels.stream().anyMatch(p -> !p.marks().isEmpty()));
        g.dispose();
        return img;
    }

    private static void panel(Graphics2D g, BufferedImage img, int x0, Panel panel, double radius) {
        PlaneSlice s = panel.slice();
        int res = s.resolution(), left = x0 + LEFT;
        for (int i = 0; i < res; i++) // row 0 of the grid is the bottom of the picture
            for (int j = 0; j < res; j++)
                img.setRGB(left + j, TOP + res - 1 - i, (s.logits()[i * res + j] > 0 ? OUTER : INNER).getRGB());
        double scale = (res - 1) / (2 * s.extent()); // pixels per input unit
        double cx = left + (res - 1) / 2.0, cy = TOP + (res - 1) / 2.0;
        g.setStroke(new BasicStroke(1.6f));
        for (double r : new double[] {1, radius}) circle(g, cx, cy, r * scale, Color.BLACK);
        circle(g, cx, cy, (1 + radius) / 2 * scale, IDEAL);
        for (double[] m : panel.marks()) cross(g, cx + m[0] * scale, cy - m[1] * scale);

        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(left, TOP, res - 1, res - 1);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        double tick = s.extent() > 2 ? 1 : 0.5;
        for (double t = -Math.floor(s.extent() / tick) * tick; t <= s.extent() + 1e-9; t += tick) {
            String label = String.format(Locale.ROOT, "%.1f", t);
            int px = (int) Math.round(cx + t * scale), py = (int) Math.round(cy - t * scale);
            g.drawLine(px, TOP + res - 1, px, TOP + res + 4);
            g.drawString(label, px - fm.stringWidth(label) / 2, TOP + res + 6 + fm.getAscent());
            g.drawLine(left - 5, py, left, py);
            g.drawString(label, left - 8 - fm.stringWidth(label), py + fm.getAscent() / 2 - 1);
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        fm = g.getFontMetrics();
        g.drawString(panel.title(), left + (res - fm.stringWidth(panel.title())) / 2, TOP - 12);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        fm = g.getFontMetrics();
        g.drawString("e1", left + (res - fm.stringWidth("e1")) / 2, TOP + res + 40);
        g.drawString("e2", x0 + 8, TOP + res / 2);
    }

    private static void legend(Graphics2D g, int width, int y, double radius, boolean marks) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        String[] labels = {"classified inner", String.format(Locale.ROOT, "data spheres r = 1, %.2f", radius),
                String.format(Locale.ROOT, "ideal boundary r = %.3f", (1 + radius) / 2), "adversarial point"};
        Color[] colours = {INNER, Color.BLACK, IDEAL, MARK};
        if (!marks) labels = java.util.Arrays.copyOf(labels, 3);
        int total = 0;
        for (String l : labels) total += 26 + fm.stringWidth(l) + 24;
        int x = Math.max(8, (width - total) / 2);
        for (int k = 0; k < labels.length; k++) {
            g.setColor(colours[k]);
            if (k == 0) g.fillRect(x, y - 7, 18, 12);
            else if (k == 3) cross(g, x + 9, y);
            else {
                g.setStroke(new BasicStroke(2f));
                g.drawLine(x, y, x + 18, y);
            }
            g.setColor(Color.BLACK);
            g.drawString(labels[k], x + 26, y + fm.getAscent() / 2 - 1);
            x += 26 + fm.stringWidth(labels[k]) + 24;
        }
    }

    /** An x of the adversarial colour centred at (x, y). */
    private static void cross(Graphics2D g, double x, double y) {
        g.setColor(MARK);
        g.setStroke(new BasicStroke(2.2f));
        int s = 5, px = (int) Math.round(x), py = (int) Math.round(y);
        g.drawLine(px - s, py - s, px + s, py + s);
        g.drawLine(px - s, py + s, px + s, py - s);
    }

    private static void circle(Graphics2D g, double cx, double cy, double r, Color c) {
        g.setColor(c);
        g.draw(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r));
    }
}
