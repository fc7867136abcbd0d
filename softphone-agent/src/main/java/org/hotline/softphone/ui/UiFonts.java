package org.hotline.softphone.ui;

import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.util.List;
import javax.swing.UIManager;
import javax.swing.plaf.FontUIResource;

/**
 * Picks a font that can show Chinese and makes it the default of every Swing component. Java's
 * logical "Dialog" font maps CJK through fontconfig only on some systems; naming a CJK family
 * directly avoids boxes (tofu) where it would not.
 */
final class UiFonts {

    /** Preferred families, first found wins (Debian: fonts-noto-cjk, fonts-wqy-zenhei). */
    static final List<String> FAMILIES = List.of(
            "Noto Sans CJK SC",
            "Noto Sans SC",
            "WenQuanYi Zen Hei",
            "WenQuanYi Micro Hei",
            "Source Han Sans SC",
            "Microsoft YaHei",
            "PingFang SC",
            "SimSun");

    static final String SAMPLE = "惠企通坐席转接挂断话后处理";

    private UiFonts() {}

    /** The family in use, or "Dialog" when no CJK font is installed (then glyphs may be boxes). */
    static String install(int size) {
        String family = pick();
        FontUIResource f = new FontUIResource(family, Font.PLAIN, size);
        for (Object key : UIManager.getLookAndFeelDefaults().keySet().toArray()) {
            if (UIManager.get(key) instanceof FontUIResource) {
                UIManager.put(key, f);
            }
        }
        return family;
    }

    static String pick() {
        List<String> installed =
                List.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
        for (String family : FAMILIES) {
            if (installed.contains(family) && new Font(family, Font.PLAIN, 12).canDisplayUpTo(SAMPLE) == -1) {
                return family;
            }
        }
        for (String family : installed) {
            if (new Font(family, Font.PLAIN, 12).canDisplayUpTo(SAMPLE) == -1) {
                return family;
            }
        }
        return Font.DIALOG;
    }
}
