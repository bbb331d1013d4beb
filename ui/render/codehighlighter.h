// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QString>

#include <memory>

namespace KSyntaxHighlighting {
class Repository;
}

namespace Juxta::Ui {

/**
 * The one door to KSyntaxHighlighting, so the rest of the UI never includes it.
 *
 * Lives on the GUI thread. The syntax repository is loaded on first use, because reading its
 * few hundred definitions costs start-up time a window without code blocks should not pay.
 */
class CodeHighlighter
{
public:
    CodeHighlighter();
    ~CodeHighlighter();
    Q_DISABLE_COPY_MOVE(CodeHighlighter)

    /**
     * The syntax definition for a Markdown fence's info string ("cpp", "Python title=x",
     * "hpp"…), or an empty string when the code should be shown as plain text.
     */
    QString definitionForFence(const QString &infoString);

private:
    KSyntaxHighlighting::Repository &repository();
    QString lookUp(const QString &tag);

    std::unique_ptr<KSyntaxHighlighting::Repository> m_repository;
    QHash<QString, QString> m_definitionByTag;
};

} // namespace Juxta::Ui
