package org.tubelet.train.listeners;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.tubelet.train.eval.EvalResult;

class ConfusionImageTest {

    @Test
    void eachSquareIsShadedByItsShareOfTheTrueClassesVideos() throws Exception {
        long[][] m = {{8, 2, 0}, {0, 5, 5}, {0, 0, 0}};            // the last class has no video
        EvalResult r = new EvalResult(0.6, 1, 0.65, 0.9, m, 20, 1, List.of("left", "right", "none"));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(ConfusionImage.png(r)));
        int cell = 48;                                             // 480 / 3, at most 48 pixels a square
        assertEquals(ConfusionImage.LEFT + 3 * cell + 10, img.getWidth());
        assertEquals(ConfusionImage.TOP + 3 * cell + 10, img.getHeight());
        for (int i = 0; i < 3; i++) {
            long row = m[i][0] + m[i][1] + m[i][2];
            for (int j = 0; j < 3; j++) {
                double share = row == 0 ? 0 : (double) m[i][j] / row;
                // white (255, 255, 255) at 0 to (20, 60, 160) at 1, read at a corner the count's digits never reach
                int expected = rgb(255 - 235 * share, 255 - 195 * share, 255 - 95 * share);
                int x = ConfusionImage.LEFT + j * cell + 2;
                int y = ConfusionImage.TOP + i * cell + 2;
                assertEquals(Integer.toHexString(expected), Integer.toHexString(img.getRGB(x, y) & 0xFFFFFF),
                        "square " + i + "," + j);
            }
        }
    }

    private static int rgb(double r, double g, double b) {
        return ((int) Math.round(r) << 16) | ((int) Math.round(g) << 8) | (int) Math.round(b);
    }
}
