"""The web view (`filmreg serve`): Datasette metadata, templates and a plugin shipped with the
package. Nothing here is imported by the command line; Datasette loads the plugin itself."""
