"""Renditions of a photo: the crops, sizes and formats readers are sent.

``specs`` says which renditions exist and how a crop follows the focal point,
``imaging`` turns an uploaded file of any odd kind into clean pixels and
encodes them with the photo's rights as XMP (never the camera's EXIF), and
``making`` stores them under content-addressed names, from a background job.
"""
