/**
 * Generated datasets of real video files: {@link org.tubelet.datasets.synthetic.MovingShapes} (a textured square
 * moving in one of K directions; only a model of motion can solve it; or, with
 * {@link org.tubelet.datasets.synthetic.ShapeScenes}, several shapes moving one way behind an occluder) written as a
 * {@link org.tubelet.datasets.synthetic.SyntheticDataset} in the list layout from a
 * {@link org.tubelet.datasets.synthetic.SyntheticConfig}, and {@link org.tubelet.datasets.synthetic.BenchVideos}, the
 * data-loader benchmark's panning H.264 videos.
 *
 * <p>May use {@code org.tubelet.datasets}, {@code datasets.layout} and {@code datasets.video}; not the loader.
 */
package org.tubelet.datasets.synthetic;
