package spheres.cli;

import picocli.CommandLine.Mixin;

/**
 * A {@link ResultCommand} on a trained model (eval, attack, norms, slices): RUN, {@code --seed} and {@code --out} with
 * {@code --force}, whose meaning in each command its help says (from {@code Options.properties}).
 */
abstract class ModelCommand extends ResultCommand {
    @Mixin
    ModelArgument target;

    @Mixin
    SeedOption seed;

    @Mixin
    OutOptions out;
}
