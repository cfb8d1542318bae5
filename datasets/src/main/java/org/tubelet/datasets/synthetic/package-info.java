/**
 * Generated datasets of real video files: {@link org.tubelet.datasets.synthetic.MovingShapes} (a textured square
 * moving in one of K directions; only a model of motion can solve it) written as a
 * {@link org.tubelet.datasets.synthetic.SyntheticDataset} in the list layout, or as a
 * {@link org.tubelet.datasets.synthetic.ClassFolderDataset} in one folder per class, from a
 * {@link org.tubelet.datasets.synthetic.SyntheticConfig}, and {@link org.tubelet.datasets.synthetic.BenchVideos}, the
 * data-loader benchmark's panning H.264 videos.
 *
 * <p>May use {@code org.tubelet.datasets}, {@code datasets.layout} and {@code datasets.video}; not the loader.
 */
package org.tubelet.datasets.synthetic;
