package org.hotline.softphone.ui;

import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.awt.GridLayout;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JTextField;

/**
 * Wrap-up (matter, resolution, note; R12; the enterprise's name, prefilled from the screen pop, so
 * the next call from the number shows it) and Create work order (R13).
 */
final class WrapupPanel extends JPanel {

    /** Wire names of the resolutions with their Chinese labels, in the combo's order. */
    static final String[][] RESOLUTIONS = {
        {"direct", "直接办结"}, {"transferred", "已三方转接"}, {"work-order", "转工单"}};

    final JLabel matter = new JLabel("（未选择事项）");
    final JComboBox<String> resolution = new JComboBox<>();
    final JTextField note = new JTextField(24);
    final JTextField enterprise = new JTextField(24);
    final JButton wrapup = new JButton("话后处理");
    final JButton workOrder = new JButton("创建工单");
    final JLabel result = new JLabel(" ");

    WrapupPanel(Runnable onWrapup, Runnable onWorkOrder) {
        super(new BorderLayout(6, 4));
        setBorder(BorderFactory.createTitledBorder("话后处理"));
        resolution.setName("resolution");
        wrapup.setName("wrapup");
        workOrder.setName("workorder");
        enterprise.setName("enterprise");
        enterprise.setToolTipText("来电企业名称（下次该号码来电时显示）");
        for (String[] r : RESOLUTIONS) {
            resolution.addItem(r[1]);
        }
        JPanel fields = new JPanel(new GridLayout(0, 2, 6, 4));
        fields.add(new JLabel("事项："));
        fields.add(matter);
        fields.add(new JLabel("处理结果："));
        fields.add(resolution);
        fields.add(new JLabel("企业名称："));
        fields.add(enterprise);
        fields.add(new JLabel("备注 / 工单描述："));
        fields.add(note);
        add(fields, BorderLayout.CENTER);
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.LEFT));
        buttons.add(wrapup);
        buttons.add(workOrder);
        buttons.add(result);
        add(buttons, BorderLayout.SOUTH);
        wrapup.addActionListener(e -> onWrapup.run());
        workOrder.addActionListener(e -> onWorkOrder.run());
        enableFor(false);
    }

    String resolutionWire() {
        return RESOLUTIONS[Math.max(0, resolution.getSelectedIndex())][0];
    }

    void select(String wire) {
        for (int i = 0; i < RESOLUTIONS.length; i++) {
            if (RESOLUTIONS[i][0].equals(wire)) {
                resolution.setSelectedIndex(i);
            }
        }
    }

    void enableFor(boolean haveCall) {
        wrapup.setEnabled(haveCall);
        workOrder.setEnabled(haveCall);
    }
}
