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
 * the next call from the number shows it) and Create work order (R13) with its kind, which sets
 * the deadline (咨询, 求助/建议 3 working days, 投诉/举报 5, 次紧急 09:00 of the next working day,
 * R2), and the department that handles it (the chosen matter's, unless the agent picks another).
 * 未能解答 (R9) sends the caller's question to that department, which answers it in its inbox.
 */
final class WrapupPanel extends JPanel {
    private static final long serialVersionUID = 1L;

    /** Wire names of the resolutions with their Chinese labels, in the combo's order. */
    static final String[][] RESOLUTIONS = {
        {"direct", "直接办结"}, {"transferred", "已三方转接"}, {"work-order", "转工单"}, {"unanswered", "未能解答"}
    };

    /** Wire names of the work-order kinds (DESIGN.md, POST /api/workorders) with their Chinese labels. */
    static final String[][] KINDS = {
        {"consultation", "咨询"},
        {"help", "求助"},
        {"suggestion", "建议"},
        {"complaint", "投诉"},
        {"report", "举报"},
        {"off-hours-urgent", "次紧急（非工作时间）"}
    };

    final JLabel matter = new JLabel("（未选择事项）");
    final JComboBox<String> kind = new JComboBox<>();
    final JComboBox<Choice> department = new JComboBox<>();
    final JComboBox<String> resolution = new JComboBox<>();
    final JTextField note = new JTextField(24);
    final JTextField enterprise = new JTextField(24);
    /** R9: with 未能解答, the caller's question, sent to the department to answer. */
    final JTextField question = new JTextField(24);

    final JButton wrapup = new JButton("话后处理");
    final JButton workOrder = new JButton("创建工单");
    final JLabel result = new JLabel(" ");

    WrapupPanel(Runnable onWrapup, Runnable onWorkOrder) {
        super(new BorderLayout(6, 4));
        setBorder(BorderFactory.createTitledBorder("话后处理"));
        resolution.setName("resolution");
        kind.setName("kind");
        department.setName("department");
        for (String[] k : KINDS) {
            kind.addItem(k[1]);
        }
        wrapup.setName("wrapup");
        workOrder.setName("workorder");
        enterprise.setName("enterprise");
        question.setName("question");
        question.setToolTipText("未能解答时：来电企业的问题（转交承办部门答复，R9）");
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
        fields.add(new JLabel("未能解答的问题："));
        fields.add(question);
        fields.add(new JLabel("备注 / 工单描述："));
        fields.add(note);
        fields.add(new JLabel("工单类型："));
        fields.add(kind);
        fields.add(new JLabel("承办部门："));
        fields.add(department);
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

    /** A department in the picker: its code goes on the wire, its name is shown. */
    record Choice(String code, String name) {
        @Override
        public String toString() {
            return name == null || name.isBlank() ? code : name;
        }
    }

    String kindWire() {
        return KINDS[Math.max(0, kind.getSelectedIndex())][0];
    }

    void selectKind(String wire) {
        for (int i = 0; i < KINDS.length; i++) {
            if (KINDS[i][0].equals(wire)) {
                kind.setSelectedIndex(i);
            }
        }
    }

    /** Adds departments not yet listed (from GET /api/departments or the matters' departments). */
    void departments(java.util.List<Choice> found) {
        for (Choice c : found) {
            if (indexOf(c.code()) < 0) {
                department.addItem(c);
            }
        }
    }

    String departmentCode() {
        Object c = department.getSelectedItem();
        return c instanceof Choice choice ? choice.code() : null;
    }

    /** Selects the department (adding it when unknown), e.g. the chosen matter's. */
    void selectDepartment(String code, String name) {
        if (code == null) {
            return;
        }
        int i = indexOf(code);
        if (i < 0) {
            department.addItem(new Choice(code, name));
            i = department.getItemCount() - 1;
        }
        department.setSelectedIndex(i);
    }

    private int indexOf(String code) {
        for (int i = 0; i < department.getItemCount(); i++) {
            if (department.getItemAt(i).code().equals(code)) {
                return i;
            }
        }
        return -1;
    }

    void enableFor(boolean haveCall) {
        wrapup.setEnabled(haveCall);
        workOrder.setEnabled(haveCall);
    }
}
