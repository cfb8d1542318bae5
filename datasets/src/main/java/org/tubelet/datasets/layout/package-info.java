/**
 * Dataset layouts: annotation readers that turn a dataset's files into a
 * {@link org.tubelet.datasets.layout.DatasetIndex} of {@link org.tubelet.datasets.layout.VideoSample}s and a
 * {@link org.tubelet.datasets.layout.LabelMap}, one per {@link org.tubelet.datasets.layout.Layout} ("path label"
 * lists, CSV lists, class folders, Kinetics, UCF101, Something-Something v2), reporting bad entries as
 * {@link org.tubelet.datasets.layout.AnnotationIssue}s or an {@link org.tubelet.datasets.layout.AnnotationException}.
 *
 * <p>May use {@code org.tubelet.datasets} ({@code OnError}); no video decoding, no other Tubelet package.
 */
package org.tubelet.datasets.layout;
