package org.hotline.softphone.ui;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.GridLayout;
import java.util.List;
import java.util.function.Consumer;
import javax.swing.BorderFactory;
import javax.swing.DefaultListCellRenderer;
import javax.swing.DefaultListModel;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.ListSelectionModel;
import org.hotline.softphone.cti.KbEntry;

/**
 * The matter picker over the directory (three-way matters marked), a search box, the chosen
 * matter's knowledge-base answer (R3), and the Transfer button with its reason and progress; for a
 * duty supervisor past the three-way budget, 值班长批准 (R10).
 */
final class MatterPanel extends JPanel {
    private static final long serialVersionUID = 1L;

    final JTextField search = new JTextField();
    final DefaultListModel<KbEntry> model = new DefaultListModel<>();
    final JList<KbEntry> matters = new JList<>(model);
    final JTextArea answer = new JTextArea(4, 30);
    final JButton transfer = new JButton("转接");
    final JButton approve = new JButton("值班长批准");
    final JLabel reason = new JLabel(" ");
    final JLabel progress = new JLabel(" ");

    MatterPanel(Consumer<String> onSearch, Consumer<KbEntry> onPick, Runnable onTransfer, Runnable onApprove) {
        super(new BorderLayout(6, 6));
        setBorder(BorderFactory.createTitledBorder("事项与知识库"));
        search.setName("matter-search");
        matters.setName("matters");
        transfer.setName("transfer");
        approve.setName("approve-override");
        approve.setToolTipText("值班长批准超出今日三方通话上限的转接（须填写理由）");
        approve.setVisible(false);
        reason.setName("transfer-reason");
        progress.setName("transfer-progress");
        search.setToolTipText("输入事项名称或关键词搜索");
        JPanel top = new JPanel(new BorderLayout(4, 0));
        top.add(new JLabel("搜索事项："), BorderLayout.WEST);
        top.add(search, BorderLayout.CENTER);
        add(top, BorderLayout.NORTH);
        matters.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        matters.setVisibleRowCount(7);
        matters.setCellRenderer(new DefaultListCellRenderer() {
            @Override
            public java.awt.Component getListCellRendererComponent(
                    JList<?> list, Object value, int index, boolean selected, boolean focus) {
                KbEntry k = (KbEntry) value;
                String text = (k.threeWay() ? "【三方】" : "【知识库】") + k.label();
                return super.getListCellRendererComponent(list, text, index, selected, focus);
            }
        });
        answer.setLineWrap(true);
        answer.setWrapStyleWord(true);
        answer.setEditable(false);
        answer.setName("kb-answer");
        JScrollPane answerScroll = new JScrollPane(answer);
        answerScroll.setBorder(BorderFactory.createTitledBorder("知识库口径"));
        JPanel center = new JPanel(new GridLayout(2, 1, 0, 6));
        center.add(new JScrollPane(matters));
        center.add(answerScroll);
        add(center, BorderLayout.CENTER);
        JPanel bottom = new JPanel(new BorderLayout(6, 2));
        JPanel actions = new JPanel(new GridLayout(0, 1, 0, 2));
        actions.add(transfer);
        actions.add(approve);
        bottom.add(actions, BorderLayout.WEST);
        JPanel texts = new JPanel(new GridLayout(2, 1));
        reason.setForeground(new Color(0xb00020));
        texts.add(reason);
        texts.add(progress);
        bottom.add(texts, BorderLayout.CENTER);
        add(bottom, BorderLayout.SOUTH);
        search.addActionListener(e -> onSearch.accept(search.getText()));
        search.getDocument().addDocumentListener(new javax.swing.event.DocumentListener() {
            @Override
            public void insertUpdate(javax.swing.event.DocumentEvent e) {
                onSearch.accept(search.getText());
            }

            @Override
            public void removeUpdate(javax.swing.event.DocumentEvent e) {
                onSearch.accept(search.getText());
            }

            @Override
            public void changedUpdate(javax.swing.event.DocumentEvent e) {}
        });
        matters.addListSelectionListener(e -> {
            if (!e.getValueIsAdjusting()) {
                KbEntry k = matters.getSelectedValue();
                answer.setText(k == null ? "" : k.answer() == null ? "（该事项暂无知识库口径，请转接政策专员）" : k.answer());
                answer.setCaretPosition(0);
                onPick.accept(k);
            }
        });
        transfer.addActionListener(e -> onTransfer.run());
        approve.addActionListener(e -> onApprove.run());
    }

    void show(List<KbEntry> entries) {
        KbEntry chosen = matters.getSelectedValue();
        model.clear();
        entries.forEach(model::addElement);
        if (chosen != null && entries.contains(chosen)) {
            matters.setSelectedValue(chosen, true);
        }
    }

    KbEntry chosen() {
        return matters.getSelectedValue();
    }

    /** null: Transfer may be clicked; else the reason it may not. */
    void allow(String whyNot) {
        transfer.setEnabled(whyNot == null);
        reason.setText(whyNot == null ? " " : whyNot);
        reason.setToolTipText(whyNot);
    }

    /** Shows or hides 值班长批准 (only a supervisor past the three-way budget sees it). */
    void offerApproval(boolean offer) {
        approve.setVisible(offer);
        approve.setEnabled(offer);
        revalidate();
    }

    void progress(String text, boolean bad) {
        progress.setText(text);
        progress.setToolTipText(text == null || text.isBlank() ? null : text);
        progress.setForeground(bad ? new Color(0xb00020) : new Color(0x1b7f3a));
    }
}
