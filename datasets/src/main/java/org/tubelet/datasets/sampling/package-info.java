/**
 * Which frames of a video make a clip: {@link org.tubelet.datasets.sampling.FrameSampler} with
 * {@link org.tubelet.datasets.sampling.DenseSampler} (consecutive frames with a stride, VideoMAE's 16 × 4) and
 * {@link org.tubelet.datasets.sampling.UniformSampler} (one frame per segment, TSN-style), chosen by
 * {@link org.tubelet.datasets.sampling.SamplingScheme}; the test views of
 * multi-view evaluation ({@link org.tubelet.datasets.sampling.TestViews}, mmaction2's test mode, and
 * {@link org.tubelet.datasets.sampling.ViewSampler}); short-video handling
 * ({@link org.tubelet.datasets.sampling.ShortVideoPolicy}).
 *
 * <p>Pure functions of a frame count and a random stream: uses no other Tubelet package.
 */
package org.tubelet.datasets.sampling;
