package org.hotline.softphone.ui;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.FlowLayout;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTable;
import javax.swing.JTextField;
import javax.swing.table.AbstractTableModel;
import javax.swing.table.DefaultTableCellRenderer;
import org.hotline.softphone.cti.CallbackItem;

/** The duty supervisor's missed calls (R11): due in 24 h, overdue in red, Call back, result. */
final class CallbacksPanel extends JPanel {
    private static final long serialVersionUID = 1L;

    static final String[][] RESULTS = {{"reached", "已联系上"}, {"no-answer", "无人接听"}, {"wrong-number", "号码错误"}};
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneId.systemDefault());

    final Model model = new Model();
    final JTable table = new JTable(model);
    final JButton refresh = new JButton("刷新");
    final JButton dial = new JButton("回拨");
    final JComboBox<String> result = new JComboBox<>();
    final JTextField note = new JTextField(18);
    final JButton record = new JButton("记录结果");
    final JLabel status = new JLabel(" ");

    interface Actions {
        void refresh();

        void dial(CallbackItem item);

        void record(CallbackItem item, String result, String note);
    }

    CallbacksPanel(Actions actions) {
        super(new BorderLayout(6, 6));
        table.setName("callbacks");
        dial.setName("callback-dial");
        record.setName("callback-record");
        table.setRowHeight(table.getFontMetrics(table.getFont()).getHeight() + 6);
        table.setDefaultRenderer(Object.class, new DefaultTableCellRenderer() {
            @Override
            public Component getTableCellRendererComponent(
                    JTable t, Object v, boolean sel, boolean focus, int row, int col) {
                Component c = super.getTableCellRendererComponent(t, v, sel, focus, row, col);
                boolean overdue = model.items.get(row).overdue();
                c.setForeground(overdue ? new Color(0xc00000) : sel ? t.getSelectionForeground() : t.getForeground());
                return c;
            }
        });
        for (String[] r : RESULTS) {
            result.addItem(r[1]);
        }
        add(new JScrollPane(table), BorderLayout.CENTER);
        JPanel south = new JPanel(new FlowLayout(FlowLayout.LEFT));
        south.add(refresh);
        south.add(dial);
        south.add(new JLabel("结果："));
        south.add(result);
        south.add(new JLabel("说明："));
        south.add(note);
        south.add(record);
        south.add(status);
        add(south, BorderLayout.SOUTH);
        refresh.addActionListener(e -> actions.refresh());
        dial.addActionListener(e -> selected(actions::dial));
        record.addActionListener(e ->
                selected(cb -> actions.record(cb, RESULTS[Math.max(0, result.getSelectedIndex())][0], note.getText())));
    }

    private void selected(Consumer<CallbackItem> action) {
        int row = table.getSelectedRow();
        if (row < 0) {
            status.setText("请先选择一条漏接记录");
            return;
        }
        action.accept(model.items.get(table.convertRowIndexToModel(row)));
    }

    void show(List<CallbackItem> items) {
        model.items = new ArrayList<>(items);
        model.fireTableDataChanged();
        long overdue = items.stream().filter(CallbackItem::overdue).count();
        status.setText("共 " + items.size() + " 条，超时 " + overdue + " 条");
    }

    static final class Model extends AbstractTableModel {

        private static final long serialVersionUID = 1L;
        private static final String[] COLUMNS = {"来电号码", "企业", "漏接次数", "回拨时限", "状态", "已拨次数"};
        List<CallbackItem> items = new ArrayList<>();

        @Override
        public int getRowCount() {
            return items.size();
        }

        @Override
        public int getColumnCount() {
            return COLUMNS.length;
        }

        @Override
        public String getColumnName(int c) {
            return COLUMNS[c];
        }

        @Override
        public Object getValueAt(int row, int col) {
            CallbackItem cb = items.get(row);
            return switch (col) {
                case 0 -> cb.number();
                case 1 -> cb.enterprise() == null ? "（未登记）" : cb.enterprise();
                case 2 -> cb.missCount();
                case 3 -> (cb.dueAt() == null ? "" : TIME.format(cb.dueAt())) + (cb.overdue() ? "（已超时）" : "");
                case 4 -> status(cb.status());
                default -> cb.attempts();
            };
        }

        static String status(String s) {
            return switch (s == null ? "" : s) {
                case "pending" -> "待回拨";
                case "dialling" -> "回拨中";
                case "reached" -> "已联系";
                case "closed" -> "已关闭";
                default -> s;
            };
        }
    }
}
