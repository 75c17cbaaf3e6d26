package spheres.engine.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import spheres.engine.Tensor;

/**
 * Layers in a chain, named like {@code torch.nn.Sequential}: the parameters of layer i are {@code i.<name>}.
 */
public final class Sequential implements Layer {
    private final List<Layer> layers;

    public Sequential(List<Layer> layers) {
        if (layers.isEmpty()) throw new IllegalArgumentException("Sequential: no layers");
        this.layers = List.copyOf(layers);
    }

    public List<Layer> layers() {
        return layers;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        Tensor h = x;
        for (Layer l : layers) h = l.forward(h, training);
        return h;
    }

    @Override
    public Tensor backward(Tensor dy, boolean inputGrad) {
        Tensor g = dy;
        for (int i = layers.size() - 1; i >= 0; i--) g = layers.get(i).backward(g, i > 0 || inputGrad);
        return g;
    }

    @Override
    public Tensor inputGradient(Tensor dy) {
        Tensor g = dy;
        for (int i = layers.size() - 1; i >= 0; i--) g = layers.get(i).inputGradient(g);
        return g;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++)
            for (Parameter p : layers.get(i).parameters()) ps.add(p.prefixed(i + "."));
        return Collections.unmodifiableList(ps);
    }

    /** The trainable parameters only, in state-dict order. */
    public List<Parameter> trainable() {
        List<Parameter> ps = new ArrayList<>();
        for (Parameter p : parameters()) if (p.isTrainable()) ps.add(p);
        return ps;
    }

    public long parameterCount() {
        long n = 0;
        for (Parameter p : trainable()) n += p.value.size();
        return n;
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("Sequential(\n");
        for (int i = 0; i < layers.size(); i++) sb.append("  (").append(i).append("): ").append(layers.get(i).describe()).append('\n');
        return sb.append(')').toString();
    }
}
