"""The one message-bar entry MultiPlan shows when its Python packages are missing or unusable,
and the dialog behind its Details… button (the full text, selectable, with copy buttons)."""
import html

from qgis.core import Qgis
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QFontDatabase
from qgis.PyQt.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QPlainTextEdit, QPushButton,
                                 QTextBrowser, QVBoxLayout)

from .. import dependencies


class DependencyDetailsDialog(QDialog):
    def __init__(self, text, command, parent=None):
        super().__init__(parent)
        self.setObjectName("MultiPlanDependencyDetailsDialog")
        self.setWindowTitle(self.tr("MultiPlan: Python packages"))
        self.command = command
        self.text = QPlainTextEdit(text)
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.copy_command_button = buttons.addButton(self.tr("Copy command"), QDialogButtonBox.ActionRole)
        self.copy_command_button.setEnabled(bool(command))
        self.copy_command_button.clicked.connect(lambda: QApplication.clipboard().setText(self.command))
        copy_all = buttons.addButton(self.tr("Copy all"), QDialogButtonBox.ActionRole)
        copy_all.clicked.connect(lambda: QApplication.clipboard().setText(self.text.toPlainText()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(820, 420)


class DependencyNotice:
    """Pushes the entry once; ``remove()`` takes it (and the dialog) away again."""

    def __init__(self, iface, problems, system=None):
        self.iface = iface
        self.system = system or dependencies.current_system()
        self.command = dependencies.install_command(problems, self.system)
        self.text = dependencies.details(problems, self.system)
        self.dialog = None
        bar = iface.messageBar()
        text = html.escape(dependencies.notice(problems, self.system))  # the bar shows HTML
        if self.command:
            text += "<br><code>" + html.escape(self.command) + "</code>"
        self.item = bar.createMessage(self.tr("MultiPlan"), text)
        details = QPushButton(self.tr("Details…"))
        details.setObjectName("MultiPlanDependencyDetails")
        details.clicked.connect(self.show_details)
        self.item.layout().addWidget(details)
        if self.command:
            copy = QPushButton(self.tr("Copy command"))
            copy.setObjectName("MultiPlanDependencyCopy")
            copy.clicked.connect(self.copy_command)
            self.item.layout().addWidget(copy)
        bar.pushWidget(self.item, Qgis.Critical, 0)  # stays until the user closes it
        browser = self.item.findChild(QTextBrowser)
        if browser is not None:  # room for the sentence and a long command (a bar shows 1.5 lines)
            browser.setMinimumHeight(int(browser.fontMetrics().lineSpacing() * 4.4))

    @staticmethod
    def tr(text):
        return QCoreApplication.translate("DependencyNotice", text)

    def copy_command(self):
        QApplication.clipboard().setText(self.command)

    def show_details(self):
        if self.dialog is None:
            self.dialog = DependencyDetailsDialog(self.text, self.command, self.iface.mainWindow())
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def remove(self):
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        try:
            self.iface.messageBar().popWidget(self.item)
        except RuntimeError:  # the user closed it: Qt deleted the item
            pass
