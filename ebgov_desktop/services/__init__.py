"""Use cases: open a workspace, edit it, check it, load and dump datasets (and, later, reports and
packages). The GUI and the command line call only this layer."""
