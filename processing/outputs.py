"""Every output of a run is complete or absent: written aside, moved into place on success.

:class:`OutputTransaction` is what :class:`~.algorithms.base.MultiPlanAlgorithm` wraps every run
in. Before any work it checks that each output can be written (folder writable, not a folder,
not an input of the run, not open in another program) and redirects every file output to a
hidden folder beside its destination (``.multiplan-part-…``). When the run returns without
error or cancellation the files are moved into place (a rename on the same disk); otherwise the
hidden folders are deleted, so a failed, cancelled or killed run never leaves a half-written
GeoPackage, an Excel report without its layer, or a layer without its report.

A GeoPackage destination that already exists (e.g. the county database an input came from, or an
earlier result) is written into, not replaced: its other layers stay, a layer of the same name
is replaced (never an input layer), and connections QGIS holds on the file stay valid.

Database destinations (``postgres://…``, ``ogr:…`` URIs) and temporary outputs are written by
QGIS in place; they are not files this module can move.
"""
import os
import shutil
import uuid
from dataclasses import dataclass, field

from qgis.core import (QgsProcessing, QgsProcessingException, QgsProcessingOutputLayerDefinition,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterFolderDestination, QgsProperty,
                       QgsProviderRegistry)
from qgis.PyQt.QtCore import QCoreApplication

from .sinks import static_destination

PART_PREFIX = ".multiplan-part-"
#: Beside each hidden folder, while outputs are moved into place: what they replace, set aside.
BEFORE_SUFFIX = "-before"
#: Files an earlier result may have left beside a main file of the same name, which would
#: describe the old data (a stale .cpg, spatial index, raster statistics or journal).
STALE_SIDECARS = {".shp": (".shx", ".dbf", ".prj", ".cpg", ".qpj", ".qix", ".sbn", ".sbx"),
                  ".gpkg": ("-wal", "-shm", "-journal"), ".tif": (".aux.xml", ".ovr"), ".tiff": (".aux.xml", ".ovr")}


def tr(text):
    return QCoreApplication.translate("@default", text)  # pylupdate files module-level tr() here


@dataclass
class Destination:
    """One output parameter that writes a file (or folder) and where it goes."""

    name: str  # parameter name
    label: str  # parameter description, for messages
    final: str  # where the user wants it
    temporary: str  # where the run writes it
    folder_output: bool = False
    gpkg_layer: str = ""  # add this layer to an existing multi-layer GeoPackage instead of replacing it
    whole_file: bool = False  # a multi-layer GeoPackage the run writes whole (replaces an existing one's layers)
    created_folder: str = ""  # a destination folder this run created (removed again if the run fails)
    part_folder: str = ""


@dataclass
class OutputTransaction:
    algorithm: object
    parameters: dict
    context: object
    feedback: object
    destinations: list = field(default_factory=list)

    # -- before the run ------------------------------------------------------------------------
    def prepare(self):
        """Check every destination and return the parameters with file outputs redirected."""
        inputs = self._input_files()
        redirected = dict(self.parameters)
        finals = {}
        run_id = uuid.uuid4().hex[:8]
        try:
            for index, definition in enumerate(self.algorithm.destinationParameterDefinitions()):
                final = self._final_path(definition)
                if final is None:
                    continue
                key = os.path.normcase(os.path.realpath(final))
                if key in finals:
                    raise QgsProcessingException(tr("Outputs “{}” and “{}” are the same file “{}”: give each its "
                                                     "own file.").format(finals[key], definition.description(),
                                                                         os.path.basename(final)))
                finals[key] = definition.description()
                destination = self._check(definition, final, inputs)
                part = os.path.join(os.path.dirname(final) if not destination.folder_output
                                    else os.path.dirname(final.rstrip("/\\")) or ".", f"{PART_PREFIX}{run_id}-{index}")
                self._make_part_folder(part, destination)
                destination.part_folder = part
                destination.temporary = (part if destination.folder_output
                                         else os.path.join(part, os.path.basename(final)))
                redirected[definition.name()] = self._redirected_value(self.parameters[definition.name()],
                                                                       destination.temporary)
                self.destinations.append(destination)
        except BaseException:
            self.discard()
            raise
        return redirected

    def _final_path(self, definition):
        """The file the user asked for, or None when the output is not a plain file we can move."""
        value = self.parameters.get(definition.name())
        if value is None or value == "":
            return None
        raw = static_destination(value)
        if raw is not None:  # an expression is resolved below
            text = raw.strip()
            if (not text or text == QgsProcessing.TEMPORARY_OUTPUT or text.startswith(("memory:", "ogr:", "postgres:",
                                                                                       "postgis:", "spatialite:"))
                    or "://" in text or "|" in text):
                return None
        if isinstance(definition, QgsProcessingParameterFolderDestination):
            path = self.algorithm.parameterAsString(self.parameters, definition.name(), self.context)
        elif isinstance(definition, QgsProcessingParameterFileDestination):
            path = self.algorithm.parameterAsFileOutput(self.parameters, definition.name(), self.context)
        else:
            path = self.algorithm.parameterAsOutputLayer(self.parameters, definition.name(), self.context)
        if not path or path == QgsProcessing.TEMPORARY_OUTPUT or "|" in path or "://" in path:
            return None
        return os.path.abspath(path)

    def _check(self, definition, final, inputs):
        name, label = definition.name(), definition.description()
        shown = os.path.basename(final.rstrip("/\\")) or final
        folder_output = isinstance(definition, QgsProcessingParameterFolderDestination)
        destination = Destination(name, label, final, "", folder_output)
        parent = os.path.dirname(final.rstrip("/\\")) or "."
        if folder_output:
            if os.path.exists(final) and not os.path.isdir(final):
                raise QgsProcessingException(tr("Output folder “{}” ({}) is a file, not a folder.").format(shown, label))
        else:
            whole_gdb = name in getattr(self.algorithm, "WHOLE_FILE_OUTPUTS", ()) and final.lower().endswith(".gdb")
            if os.path.isdir(final) and not whole_gdb:
                raise QgsProcessingException(tr("Output “{}” ({}) is a folder: give a file name.").format(shown, label))
            key = os.path.normcase(os.path.realpath(final))
            if key in inputs:
                if final.lower().endswith(".gpkg"):
                    destination.gpkg_layer = os.path.splitext(os.path.basename(final))[0]
                    if destination.gpkg_layer.lower() in inputs[key]:
                        raise QgsProcessingException(tr(
                            "Output “{}” ({}) would replace layer “{}”, an input of this run: choose another file "
                            "name.").format(shown, label, destination.gpkg_layer))
                else:
                    raise QgsProcessingException(tr("Output “{}” ({}) is an input of this run: choose another "
                                                     "file.").format(shown, label))
            elif name in getattr(self.algorithm, "WHOLE_FILE_OUTPUTS", ()):
                # A whole database (e.g. the exported planning database): it replaces the file's
                # contents, layer by layer, so no layer of an earlier run is left behind.
                destination.whole_file = True
            elif final.lower().endswith(".gpkg") and os.path.isfile(final):
                # Written into the existing file, never by replacing it: QGIS may hold pooled
                # SQLite connections on it (a loaded earlier result), which a new file under the
                # same name (and its -wal/-shm) would corrupt or leave reading stale data.
                destination.gpkg_layer = os.path.splitext(os.path.basename(final))[0]
            if os.path.isfile(final):
                _check_writable_file(final, shown, label)
        if not os.path.isdir(parent):
            try:
                created = parent
                while not os.path.isdir(os.path.dirname(created)) and os.path.dirname(created) != created:
                    created = os.path.dirname(created)
                os.makedirs(parent, exist_ok=True)
                destination.created_folder = created
            except OSError as error:
                raise QgsProcessingException(tr("Cannot create the folder for output “{}” ({}): {}").format(
                    shown, label, error.strerror or error)) from None
        return destination

    def _make_part_folder(self, part, destination):
        try:
            os.makedirs(part)
        except OSError as error:
            shown = os.path.basename(destination.final.rstrip("/\\"))
            raise QgsProcessingException(tr("Cannot write output “{}” ({}): its folder is not writable ({}).").format(
                shown, destination.label, error.strerror or error)) from None

    @staticmethod
    def _redirected_value(value, temporary):
        if isinstance(value, QgsProcessingOutputLayerDefinition):
            copy = QgsProcessingOutputLayerDefinition(QgsProperty.fromValue(temporary), value.destinationProject)
            copy.destinationName = value.destinationName
            copy.createOptions = dict(value.createOptions or {})
            return copy
        return temporary

    def _input_files(self):
        """{real path of every input file: {its layer names in lower case}} (for GeoPackages)."""
        found = {}
        registry = QgsProviderRegistry.instance()
        algorithm, parameters, context = self.algorithm, self.parameters, self.context
        for definition in algorithm.parameterDefinitions():
            if definition.isDestination() or parameters.get(definition.name()) in (None, ""):
                continue
            kind = definition.type()
            try:
                if kind in ("source", "vector", "raster", "layer", "multilayer"):
                    layers = (algorithm.parameterAsLayerList(parameters, definition.name(), context)
                              if kind == "multilayer" else
                              [algorithm.parameterAsLayer(parameters, definition.name(), context)])
                    for layer in layers:
                        if layer is None:
                            continue
                        parts = registry.decodeUri(layer.providerType(), layer.source())
                        path = parts.get("path") or layer.source().split("|")[0]
                        if path and os.path.exists(path):
                            key = os.path.normcase(os.path.realpath(path))
                            found.setdefault(key, set()).add((parts.get("layerName") or "").lower())
                elif kind == "file":
                    path = algorithm.parameterAsFile(parameters, definition.name(), context)
                    if path and os.path.isfile(path):
                        found.setdefault(os.path.normcase(os.path.realpath(path)), set())
            except QgsProcessingException:
                continue  # the algorithm reports unreadable inputs itself
        for key, names in found.items():
            if key.endswith(".gpkg") and "" in names:  # the first layer, opened without a name
                layers = _gpkg_layers(key)
                if layers:
                    names.add(layers[0].lower())
        return found

    # -- after the run -------------------------------------------------------------------------
    def commit(self, results):
        """Move every output into place, all of them or none; returns ``results`` naming the final
        files.

        Cancelling is honoured up to here. Once outputs start moving they all move (renames on
        the same disk, or copies of layers into an existing GeoPackage); what each one replaces
        is first set aside, and if any output cannot be put in place, those already moved are
        taken back and the earlier files restored, so a run never leaves half of its outputs new.
        """
        if self.feedback is not None and self.feedback.isCanceled():
            raise _cancelled()
        replacements, undo = {}, []
        try:
            for destination in self.destinations:
                replacements.update(self._commit_one(destination, undo))
        except BaseException:
            for step in reversed(undo):
                try:
                    step()
                except Exception:  # noqa: BLE001 (restore what can be restored, then report the first error)
                    pass
            raise
        finally:
            for destination in self.destinations:
                shutil.rmtree(destination.part_folder + BEFORE_SUFFIX, ignore_errors=True)
        for destination in self.destinations:
            shutil.rmtree(destination.part_folder, ignore_errors=True)
        self._fix_layers_to_load(replacements)
        return {key: _replaced(value, replacements) for key, value in results.items()}

    def _commit_one(self, destination, undo):
        """Put one output in place; ``undo`` gets the steps that take it back. Its replacements."""
        before = destination.part_folder + BEFORE_SUFFIX  # where what the output replaces is set aside
        if destination.folder_output:
            self._commit_folder(destination, before, undo)
        elif destination.whole_file and os.path.isfile(destination.final) and \
                destination.final.lower().endswith(".gpkg") and os.path.isfile(destination.temporary):
            self._commit_gpkg_database(destination, before, undo)
        elif destination.whole_file and os.path.isdir(destination.final) and os.path.exists(destination.temporary):
            _set_aside(destination.final, before, undo)  # an earlier FileGDB of the same name, replaced whole
            self._commit_files(destination, before, undo)
        elif destination.gpkg_layer and os.path.isfile(destination.temporary):
            self._commit_gpkg_layer(destination, before, undo)
            return {destination.temporary: f"{destination.final}|layername={destination.gpkg_layer}"}
        else:
            self._commit_files(destination, before, undo)
        return {destination.temporary: destination.final}

    def _commit_files(self, destination, before, undo):
        produced = os.listdir(destination.part_folder)
        if not produced:
            return  # the algorithm chose not to write this optional output
        folder = os.path.dirname(destination.final)
        base = os.path.basename(destination.final)
        stem, extension = os.path.splitext(base)
        for suffix in STALE_SIDECARS.get(extension.lower(), ()):
            old = os.path.join(folder, (base if suffix.startswith(("-", ".aux", ".ovr")) else stem) + suffix)
            if os.path.basename(old) not in produced and os.path.isfile(old):
                _set_aside(old, before, undo, required=False)
        for name in produced:
            _move_in(os.path.join(destination.part_folder, name), os.path.join(folder, name), before, undo,
                     destination.label)

    def _commit_folder(self, destination, before, undo):
        if not os.path.isdir(destination.final):
            os.makedirs(destination.final)
            undo.append(lambda: _remove_empty_folders(destination.final))
        for name in os.listdir(destination.temporary):
            _move_in(os.path.join(destination.temporary, name), os.path.join(destination.final, name), before, undo,
                     destination.label)

    def _commit_gpkg_layer(self, destination, before, undo):
        """Copy the run's layer into the existing GeoPackage (a layer of the same name replaced,
        after a copy of it is set aside for ``undo``).

        GDAL's CopyLayer writes in transactions of its own (an enclosing one makes it copy
        nothing); a copy that fails half-way is deleted again, so the file keeps only whole layers.
        """
        from osgeo import gdal, ogr

        name = destination.gpkg_layer
        shown = os.path.basename(destination.final)
        source = ogr.Open(destination.temporary)
        target = ogr.Open(destination.final, update=1)
        try:
            if source is None or target is None:
                raise RuntimeError(gdal.GetLastErrorMsg())
            layer = source.GetLayerByName(name) or source.GetLayer(0)
            kept = _copy_layers_aside(target, [name], before)
            undo.append(lambda: _restore_layers(destination.final, [name], kept))
            _delete_layer(target, name)
            copied = target.CopyLayer(layer, name, ["OVERWRITE=YES"])
            if copied is None or copied.GetFeatureCount() != layer.GetFeatureCount():
                _delete_layer(target, name)
                raise RuntimeError(gdal.GetLastErrorMsg() or "incomplete copy")
            copied = layer = None  # noqa: F841 (layers go before their datasets)
        except RuntimeError as error:
            raise QgsProcessingException(tr("Cannot add layer “{}” to “{}”: {}").format(name, shown, error)) from None
        finally:
            target = source = None  # noqa: F841 (closing writes the file)
        if self.feedback is not None:
            self.feedback.pushInfo(tr("Layer “{}” was added to “{}” beside its other layers.").format(name, shown))

    def _commit_gpkg_database(self, destination, before, undo):
        """Replace the layers of an existing GeoPackage by the run's (every old layer deleted, after
        a copy of them is set aside for ``undo``, every new one copied): the file stays the same
        file, so connections QGIS pools on it stay valid."""
        from osgeo import gdal, ogr

        shown = os.path.basename(destination.final)
        source = ogr.Open(destination.temporary)
        target = ogr.Open(destination.final, update=1)
        try:
            if source is None or target is None:
                raise RuntimeError(gdal.GetLastErrorMsg())
            old = [target.GetLayer(index).GetName() for index in range(target.GetLayerCount())]
            new = [source.GetLayer(index).GetName() for index in range(source.GetLayerCount())]
            kept = _copy_layers_aside(target, old, before)
            undo.append(lambda: _restore_layers(destination.final, sorted(set(old) | set(new)), kept))
            for index in reversed(range(target.GetLayerCount())):
                if target.DeleteLayer(index) != ogr.OGRERR_NONE:
                    raise RuntimeError(gdal.GetLastErrorMsg() or "cannot delete a layer")
            for index in range(source.GetLayerCount()):
                layer = source.GetLayer(index)
                copied = target.CopyLayer(layer, layer.GetName())
                if copied is None or copied.GetFeatureCount() != layer.GetFeatureCount():
                    raise RuntimeError(gdal.GetLastErrorMsg() or "incomplete copy")
            copied = layer = None  # noqa: F841 (layers go before their datasets)
        except RuntimeError as error:
            raise QgsProcessingException(tr("Cannot replace the contents of “{}”: {}").format(shown, error)) from None
        finally:
            target = source = None  # noqa: F841 (closing writes the file)

    def _fix_layers_to_load(self, replacements):
        if self.context is None or not replacements:
            return
        details = self.context.layersToLoadOnCompletion()
        if not any(key != _replaced(key, replacements) for key in details):
            return
        self.context.setLayersToLoadOnCompletion({_replaced(key, replacements): value for key, value in details.items()})

    def discard(self):
        """Delete everything the run wrote (and destination folders it created)."""
        for destination in self.destinations:
            if destination.part_folder:
                shutil.rmtree(destination.part_folder, ignore_errors=True)
                shutil.rmtree(destination.part_folder + BEFORE_SUFFIX, ignore_errors=True)
            if destination.created_folder:
                _remove_empty_folders(destination.created_folder)
        if self.context is not None:
            details = self.context.layersToLoadOnCompletion()
            parts = [d.part_folder for d in self.destinations if d.part_folder]
            kept = {key: value for key, value in details.items() if not any(str(key).startswith(p) for p in parts)}
            if len(kept) != len(details):
                self.context.setLayersToLoadOnCompletion(kept)


def _replaced(value, replacements):
    if isinstance(value, str):
        for temporary, final in replacements.items():
            if value == temporary or value.startswith((temporary + "|", temporary + os.sep)):  # or a file in it
                if "|" in final and value.startswith(temporary + "|"):
                    return final
                return final + value[len(temporary):]
        return value
    if isinstance(value, list):
        return [_replaced(item, replacements) for item in value]
    return value


def _set_aside(path, before, undo, required=True):
    """Move ``path`` (a file or folder an output replaces) into ``before``; ``undo`` puts it back.
    A file that cannot be moved is an error if ``required``, else left where it is."""
    kept = _aside_path(before, os.path.basename(path.rstrip(os.sep)))
    try:
        os.replace(path, kept)
    except OSError:
        if required:
            raise
        return
    undo.append(lambda: (_remove(path), os.replace(kept, path)))


def _aside_path(before, name):
    """A new path in ``before`` (made if needed) for ``name``, numbered so names never clash."""
    os.makedirs(before, exist_ok=True)
    return os.path.join(before, f"{len(os.listdir(before))}-{name}")


def _remove(path):
    """Delete a file or folder (a link as a file) if it is there."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.remove(path)


def _move_in(new, target, before, undo, label):
    """Move the run's file or folder ``new`` to ``target``, what was there set aside first (undo:
    the earlier one back, or the new one removed where nothing was)."""
    try:
        if os.path.lexists(target):
            _set_aside(target, before, undo)
        else:
            undo.append(lambda: _remove(target))
        os.replace(new, target)
    except OSError as error:
        raise QgsProcessingException(tr("Cannot put output “{}” ({}) in place: {}").format(
            os.path.basename(target), label, error.strerror or error)) from None


def _copy_layers_aside(dataset, names, before):
    """Copy the layers ``names`` of an open GeoPackage that exist into a GeoPackage in ``before``;
    its path, or "" when none of them exists."""
    from osgeo import ogr

    present = [dataset.GetLayerByName(name) for name in names]
    present = [layer for layer in present if layer is not None]
    if not present:
        return ""
    path = _aside_path(before, "layers.gpkg")
    copy = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    try:
        for layer in present:
            copied = copy.CopyLayer(layer, layer.GetName())
            if copied is None or copied.GetFeatureCount() != layer.GetFeatureCount():
                raise RuntimeError(f"cannot set layer {layer.GetName()} aside")
            copied = None  # noqa: F841
    finally:
        copy = None  # noqa: F841
    return path


def _restore_layers(path, names, kept):
    """Undo a commit into the GeoPackage ``path``: layers ``names`` deleted, the ones set aside in
    ``kept`` copied back."""
    from osgeo import ogr

    target = ogr.Open(path, update=1)
    source = ogr.Open(kept) if kept else None
    try:
        for name in names:
            _delete_layer(target, name)
        if source is not None:
            for index in range(source.GetLayerCount()):
                layer = source.GetLayer(index)
                target.CopyLayer(layer, layer.GetName())
            layer = None  # noqa: F841
    finally:
        target = source = None  # noqa: F841


def _delete_layer(dataset, name):
    for index in range(dataset.GetLayerCount()):
        if dataset.GetLayer(index).GetName().lower() == name.lower():
            dataset.DeleteLayer(index)
            return


def _gpkg_layers(path):
    from .layer_io import open_vector

    source = open_vector(path)
    if source is None:
        return []
    return [source.GetLayer(i).GetName() for i in range(source.GetLayerCount())]


def _check_writable_file(path, shown, label):
    if not os.access(path, os.W_OK):
        raise QgsProcessingException(tr("Cannot write output “{}” ({}): the file is read-only.").format(shown, label))
    try:
        with open(path, "r+b"):
            pass  # on Windows this fails while Excel or another program has the file open
    except OSError as error:
        raise QgsProcessingException(tr("Cannot write output “{}” ({}): the file is open in another program or "
                                         "locked ({}).").format(shown, label, error.strerror or error)) from None


def _remove_empty_folders(top):
    for folder, _, _ in sorted(os.walk(top), key=lambda item: -len(item[0])):
        try:
            os.rmdir(folder)
        except OSError:
            return


def _cancelled():
    from .messages import cancelled_error

    return cancelled_error()
