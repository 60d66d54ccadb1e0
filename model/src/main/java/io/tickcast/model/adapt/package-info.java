/**
 * Regime adaptivity: a Page-Hinkley drift detector on the prequential error, a noise-scale driven
 * batch-size policy, and a scale-free recovery tracker. Pure Java, no DL4J; state is small and
 * persisted by the owner.
 */
package io.tickcast.model.adapt;
