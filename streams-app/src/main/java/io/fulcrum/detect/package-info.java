/**
 * Pure-Java anomaly detection for one pool window: {@link io.fulcrum.detect.PoolAnalyzer} runs one
 * {@link io.fulcrum.detect.Detector} per {@link io.fulcrum.detect.AnomalyKind} against expected
 * shares (declared weights, else the learned {@link io.fulcrum.detect.PoolBaseline}) and decides
 * whether the window is healthy enough to learn from. No Kafka types; every test is an exact tail
 * probability at a strict alpha plus an effect-size gate, so busy pools do not alarm on harmless
 * but "significant" wobbles.
 */
package io.fulcrum.detect;
