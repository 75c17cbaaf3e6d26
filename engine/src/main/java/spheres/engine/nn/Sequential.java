package spheres.engine.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import spheres.engine.Backend;
import spheres.engine.Tensor;

/**
 * Layers in a chain, named like {@code torch.nn.Sequential}: the parameters of layer i are {@code i.<name>}. When it
 * evaluates, each Linear, BatchNorm1d, ReLU run is one {@link EvalBlock} (the same bits, fewer passes over memory).
 */
public final class Sequential implements Layer {
    private final List<Layer> layers;
    /** blocks[i]: the evaluation block that starts at layer i, or null. */
    private final EvalBlock[] blocks;
    /** Whether the last forward ran the blocks, so that backward takes the same path back. */
    private boolean blocked;

    public Sequential(List<Layer> layers) {
        if (layers.isEmpty()) throw new IllegalArgumentException("Sequential: no layers");
        this.layers = List.copyOf(layers);
        blocks = new EvalBlock[layers.size()];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = EvalBlock.at(this.layers, i);
            if (blocks[i] != null) i += 2;
        }
    }

    public List<Layer> layers() {
        return layers;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        blocked = !training;
        Tensor h = x;
        for (int i = 0; i < layers.size(); i++) {
            if (blocked && blocks[i] != null) {
                h = blocks[i].forward(h);
                i += 2;
            } else {
                h = layers.get(i).forward(h, training);
            }
        }
        return h;
    }

    @Override
    public Tensor backward(Tensor dy, boolean inputGrad) {
        Tensor g = dy;
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (blocked && i >= 2 && blocks[i - 2] != null) {
                i -= 2;
                g = blocks[i].backwardToLinear(g);
            }
            g = layers.get(i).backward(g, i > 0 || inputGrad);
        }
        return g;
    }

    @Override
    public Tensor inputGradient(Tensor dy) {
        Tensor g = dy;
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (blocked && i >= 2 && blocks[i - 2] != null) {
                i -= 2;
                g = blocks[i].backwardToLinear(g);
            }
            g = layers.get(i).inputGradient(g);
        }
        return g;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++)
            for (Parameter p : layers.get(i).parameters()) ps.add(p.prefixed(i + "."));
        return Collections.unmodifiableList(ps);
    }

    /**
     * Holds every parameter and buffer constant ({@link Backend#freeze}) while the model only evaluates: the backend
     * may keep work derived from the weights (the CPU packs them for its sgemm once), and a training step inside the
     * scope is refused.
     */
    public Backend.Frozen freeze() {
        List<Tensor> values = parameters().stream().map(p -> p.value).toList();
        if (values.isEmpty()) throw new IllegalStateException("freeze: " + describe() + " has no parameters");
        return values.get(0).backend().freeze(values);
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
