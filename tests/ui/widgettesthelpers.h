// SPDX-License-Identifier: GPL-3.0-or-later
// Shared by the widget tests: every control a keyboard or screen-reader user reaches has a name.
#pragma once

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QComboBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QString>
#include <QStringList>
#include <QWidget>

namespace WidgetTest {

/** The object names / classes of @p root's controls that have no accessible name. */
inline QStringList controlsWithoutAccessibleName(QWidget *root)
{
    QStringList unnamed;
    const auto widgets = root->findChildren<QWidget *>();
    for (QWidget *widget : widgets) {
        const bool control = qobject_cast<QAbstractButton *>(widget) || qobject_cast<QComboBox *>(widget)
            || qobject_cast<QAbstractSpinBox *>(widget) || qobject_cast<QLineEdit *>(widget)
            || (qobject_cast<QAbstractItemView *>(widget) && !qobject_cast<QHeaderView *>(widget));
        // The editors and pop-up lists inside spin and combo boxes speak through their owner.
        bool inner = false;
        for (QObject *ancestor = widget->parent(); ancestor && !inner; ancestor = ancestor->parent()) {
            inner = qobject_cast<QAbstractSpinBox *>(ancestor) || qobject_cast<QComboBox *>(ancestor)
                || qobject_cast<QLineEdit *>(ancestor);
        }
        if (!control || inner) {
            continue;
        }
        QAccessibleInterface *accessible = QAccessible::queryAccessibleInterface(widget);
        if (!accessible || accessible->text(QAccessible::Name).trimmed().isEmpty()) {
            unnamed.append(QString::fromLatin1(widget->metaObject()->className()) + u':' + widget->objectName());
        }
    }
    return unnamed;
}

/** The first widget of type @p T below @p root named @p accessibleName, as assistive technology finds it. */
template<typename T>
T *child(QWidget *root, const QString &accessibleName)
{
    const auto candidates = root->findChildren<T *>();
    for (T *candidate : candidates) {
        if (candidate->accessibleName() == accessibleName) {
            return candidate;
        }
    }
    return nullptr;
}

} // namespace WidgetTest
