package org.tubelet.train.data;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.datasets.Seeds;
import org.tubelet.datasets.sampling.DenseSampler;
import org.tubelet.datasets.sampling.TestViews;
import org.tubelet.datasets.video.VideoClip;

/**
 * Batches from {@link SyntheticMotion}: training clips with a random temporal start and a random crop (when frames
 * are larger than the model's input), evaluation views on a fixed grid; pixels scaled to [0, 1] and normalised with
 * the given mean and std, laid out [B, T, C, H, W].
 */
public final class SyntheticData {
    static final int TRAIN = 0;
    static final int VAL = 1;

    private final SyntheticMotion motion;
    private final int trainVideos;
    private final int valVideos;
    private final int clipFrames;
    private final int stride;
    private final int imageSize;
    private final float[] mean;
    private final float[] std;

    public SyntheticData(SyntheticMotion motion, int trainVideos, int valVideos, int clipFrames, int stride,
                         int imageSize, List<Double> mean, List<Double> std) {
        if (DenseSampler.span(clipFrames, stride) > motion.frames()) {
            throw new IllegalArgumentException("synthetic videos have " + motion.frames() + " frames but a clip of "
                    + clipFrames + " frames with stride " + stride + " needs " + DenseSampler.span(clipFrames, stride)
                    + " (raise data.synthetic.frames or lower data.sampler.stride)");
        }
        if (imageSize > motion.size()) {
            throw new IllegalArgumentException("synthetic frames are " + motion.size() + "² but the model takes "
                    + imageSize + "² (set data.synthetic.size ≥ " + imageSize + ")");
        }
        this.motion = motion;
        this.trainVideos = trainVideos;
        this.valVideos = valVideos;
        this.clipFrames = clipFrames;
        this.stride = stride;
        this.imageSize = imageSize;
        this.mean = new float[3];
        this.std = new float[3];
        for (int c = 0; c < 3; c++) {
            this.mean[c] = mean.get(c).floatValue();
            this.std[c] = std.get(c).floatValue();
        }
    }

    public List<String> classNames() {
        return motion.classNames();
    }

    /** Training batches; the order of videos is reshuffled every epoch from (seed, epoch). */
    public BatchSource train(int batchSize, long seed) {
        return train(batchSize, seed, 1);
    }

    /**
     * Training batches of {@code batchSize} videos with {@code repeats} clips each (repeated augmentation): a video's
     * clips share their frames and take their own random crops; clip 0 is the clip {@code repeats = 1} gives.
     */
    public BatchSource train(int batchSize, long seed, int repeats) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
        }
        if (trainVideos < batchSize) {
            throw new IllegalArgumentException("synthetic train_videos = " + trainVideos + " is smaller than one batch ("
                    + batchSize + ")");
        }
        return new BatchSource() {
            private long epoch;
            private int index;
            private long[] order;
            private long orderEpoch = -1;

            @Override
            public int batchesPerEpoch() {
                return trainVideos / batchSize;
            }

            @Override
            public List<String> classNames() {
                return motion.classNames();
            }

            @Override
            public void seek(long e, int i) {
                epoch = e;
                index = i;
            }

            @Override
            public Batch next() {
                if (orderEpoch != epoch) {
                    order = permutation(trainVideos, Seeds.of(seed, 0x5348554CL, epoch));
                    orderEpoch = epoch;
                }
                int clips = batchSize * repeats;
                long[] ids = new long[clips];
                float[] pixels = new float[clips * clipFloats()];
                long[] labels = new long[clips];
                for (int b = 0; b < batchSize; b++) {
                    long video = order[index * batchSize + b];
                    long streamSeed = Seeds.of(seed, 0x41554743L, epoch, video);
                    SplittableRandom rng = new SplittableRandom(streamSeed);
                    VideoClip v = motion.video(TRAIN, video);
                    int start = rng.nextInt(v.frames() - DenseSampler.span(clipFrames, stride) + 1);
                    for (int r = 0; r < repeats; r++) {
                        int c = b * repeats + r;
                        SplittableRandom crop = r == 0 ? rng : new SplittableRandom(Seeds.of(streamSeed, r));
                        int x = crop.nextInt(v.width() - imageSize + 1);
                        int y = crop.nextInt(v.height() - imageSize + 1);
                        ids[c] = video;
                        labels[c] = motion.label(video);
                        write(v, start, x, y, pixels, c * clipFloats());
                    }
                }
                Batch batch = batch(pixels, labels, ids, epoch, index);
                if (++index == batchesPerEpoch()) {
                    index = 0;
                    epoch++;
                }
                return batch;
            }
        };
    }

    /** Every validation video as {@code clips × crops} views. */
    public EvalData val(int batchSize, int clips, int crops) {
        int views = clips * crops;
        return new EvalData() {
            @Override
            public int numVideos() {
                return valVideos;
            }

            @Override
            public int viewsPerVideo() {
                return views;
            }

            @Override
            public List<String> classNames() {
                return motion.classNames();
            }

            @Override
            public Iterator<Batch> batches() {
                long total = (long) valVideos * views;
                return new Iterator<>() {
                    private long next;
                    private int batchNo;

                    @Override
                    public boolean hasNext() {
                        return next < total;
                    }

                    @Override
                    public Batch next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        int n = (int) Math.min(batchSize, total - next);
                        float[] pixels = new float[n * clipFloats()];
                        long[] labels = new long[n];
                        long[] ids = new long[n];
                        VideoClip v = null;
                        long loaded = -1;
                        for (int b = 0; b < n; b++, next++) {
                            long video = next / views;
                            int view = (int) (next % views);
                            if (video != loaded) {
                                v = motion.video(VAL, video);
                                loaded = video;
                            }
                            int start = TestViews.start(v.frames(), DenseSampler.span(clipFrames, stride),
                                    view / crops, clips);
                            int x = TestViews.cropOffset(v.width(), imageSize, view % crops, crops);
                            int y = TestViews.cropOffset(v.height(), imageSize, 0, 1);
                            write(v, start, x, y, pixels, b * clipFloats());
                            labels[b] = motion.label(video);
                            ids[b] = video;
                        }
                        return batch(pixels, labels, ids, 0, batchNo++);
                    }
                };
            }
        };
    }

    private int clipFloats() {
        return clipFrames * 3 * imageSize * imageSize;
    }

    /** One clip into {@code dst} at {@code offset}, layout [T, C, H, W], normalised. */
    private void write(VideoClip v, int start, int x0, int y0, float[] dst, int offset) {
        byte[] rgb = v.rgb();
        int o = offset;
        for (int i = 0; i < clipFrames; i++) {
            int t = start + i * stride;                      // the constructor checked that the span fits
            for (int c = 0; c < 3; c++) {
                float m = mean[c];
                float s = std[c];
                for (int y = 0; y < imageSize; y++) {
                    int row = ((t * v.height() + y0 + y) * v.width() + x0) * 3 + c;
                    for (int x = 0; x < imageSize; x++) {
                        dst[o++] = ((rgb[row + x * 3] & 0xFF) / 255f - m) / s;
                    }
                }
            }
        }
    }

    private Batch batch(float[] pixels, long[] labels, long[] ids, long epoch, int index) {
        int n = labels.length;
        return new Batch(Nd4j.create(pixels, new long[]{n, clipFrames, 3, imageSize, imageSize}, DataType.FLOAT),
                Nd4j.createFromArray(labels), ids, epoch, index);
    }

    static long[] permutation(int n, long seed) {
        long[] p = new long[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            long t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
