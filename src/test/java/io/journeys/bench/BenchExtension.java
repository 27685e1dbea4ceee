package io.journeys.bench;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives every scenario class the one {@link Bench} of the run: started by the first scenario, kept
 * in JUnit's root store, closed (and its results written) when the run ends.
 */
final class BenchExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Bench.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(
            Bench.class,
            key -> {
              try {
                return new Bench();
              } catch (Exception e) {
                throw new ParameterResolutionException("the benchmark could not start", e);
              }
            },
            Bench.class);
  }
}
