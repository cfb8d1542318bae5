/**
 * Where clips come from: {@link org.tubelet.datasets.video.ClipSource} over video files
 * ({@link org.tubelet.datasets.video.VideoDecoder}: FFmpeg through JavaCV, frame-accurate seeking, rotation applied,
 * only the frames a clip needs) and frame folders ({@link org.tubelet.datasets.video.FrameFolderReader}), the decoded
 * {@link org.tubelet.datasets.video.VideoClip} ({@code [T, H, W, 3]} uint8), probes ({@link
 * org.tubelet.datasets.video.VideoInfo}), failures ({@link org.tubelet.datasets.video.UnreadableVideo}) and encoding
 * ({@link org.tubelet.datasets.video.VideoWriter}).
 *
 * <p>The lowest datasets package with {@code sampling}: uses no other Tubelet package.
 */
package org.tubelet.datasets.video;
