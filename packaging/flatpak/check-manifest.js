// SPDX-License-Identifier: GPL-3.0-or-later
// Checks a Flatpak manifest where flatpak-builder cannot run (`./dev lint`): it parses, carries
// the app id the code uses, is on KDE's runtime, and every module builds from pinned sources.
'use strict';
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');

const root = path.resolve(__dirname, '..', '..');
const appId = /set\(JUXTA_APP_ID "([^"]+)"/.exec(fs.readFileSync(path.join(root, 'app', 'CMakeLists.txt'), 'utf8'))[1];
const buildsystems = new Set(['autotools', 'cmake', 'cmake-ninja', 'meson', 'simple', 'qmake']);
const sourceTypes = new Set(['archive', 'git', 'file', 'dir', 'script', 'shell', 'patch', 'extra-data']);
let failures = 0;

function fail(file, message) {
    console.error(`dev: lint: ${file}: ${message}`);
    failures += 1;
}

for (const file of process.argv.slice(2)) {
    const name = path.relative(root, file);
    const document = YAML.parseDocument(fs.readFileSync(file, 'utf8'), { uniqueKeys: true });
    if (document.errors.length > 0) {
        document.errors.forEach((error) => fail(name, error.message));
        continue;
    }
    const manifest = document.toJS();
    for (const key of ['id', 'runtime', 'runtime-version', 'sdk', 'command', 'modules']) {
        if (manifest[key] === undefined) fail(name, `"${key}" is missing`);
    }
    if (manifest.id !== appId) fail(name, `id is "${manifest.id}", the code registers "${appId}"`);
    if (path.basename(file) !== `${appId}.yml`) fail(name, `the file should be called ${appId}.yml`);
    if (manifest.runtime !== 'org.kde.Platform' || manifest.sdk !== 'org.kde.Sdk') {
        fail(name, 'the runtime must be org.kde.Platform with org.kde.Sdk (Qt 6 and KF6 come from it)');
    }
    if (typeof manifest['runtime-version'] !== 'string') fail(name, 'runtime-version must be a quoted string');
    for (const arg of manifest['finish-args'] || []) {
        if (!/^--[a-z-]+(=.+)?$/.test(arg)) fail(name, `finish-arg "${arg}" is malformed`);
    }
    const modules = manifest.modules || [];
    if (modules.length === 0 || modules[modules.length - 1].name !== 'juxta') {
        fail(name, 'the last module must be juxta itself');
    }
    for (const module of modules) {
        if (typeof module !== 'object' || !module.name) {
            fail(name, 'every module needs a name');
            continue;
        }
        if (!buildsystems.has(module.buildsystem)) fail(name, `${module.name}: unknown buildsystem "${module.buildsystem}"`);
        for (const source of module.sources || []) {
            if (!sourceTypes.has(source.type)) fail(name, `${module.name}: unknown source type "${source.type}"`);
            if (source.type === 'git' && !source.tag && !source.commit) {
                fail(name, `${module.name}: a git source must be pinned to a tag or commit`);
            }
            if (source.type === 'archive' && !source.sha256) fail(name, `${module.name}: an archive needs its sha256`);
            if (source.type === 'dir' && !fs.existsSync(path.resolve(path.dirname(file), source.path))) {
                fail(name, `${module.name}: ${source.path} does not exist`);
            }
        }
        if (!module.sources || module.sources.length === 0) fail(name, `${module.name}: no sources`);
    }
    if (failures === 0) console.log(`dev: lint: ${name} is a well-formed Flatpak manifest on the KDE runtime`);
}
process.exit(failures === 0 ? 0 : 1);
